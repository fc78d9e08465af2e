//! Bad input gets a precise error: file, line, column, what is wrong and, where possible, what was
//! meant (spec §1, issue acceptance).

use kmspolicy::{Policy, PolicyKind};

/// Parses `text` as a key policy and returns its diagnostics as `line:col message` strings.
fn errors(text: &str) -> Vec<String> {
    let e = Policy::parse("p.json", text, PolicyKind::Key).expect_err("the policy is invalid");
    e.diagnostics()
        .iter()
        .map(|d| {
            let loc = d.location.as_ref().expect("located");
            assert_eq!(loc.file, "p.json");
            format!("{}:{} {}", loc.line, loc.column, d.message)
        })
        .collect()
}

const OK_STMT: &str = r#"{"Sid": "A", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}"#;

#[test]
fn section_1_trailing_comma_points_at_the_comma() {
    let text =
        format!("{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {OK_STMT},\n  ]\n}}");
    assert_eq!(
        errors(&text),
        vec!["4:{} trailing comma before `]`".replace("{}", &(OK_STMT.len() + 5).to_string())]
    );
}

#[test]
fn section_1_duplicate_condition_is_an_error() {
    let text = r#"{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*",
    "Condition": {"StringEquals": {"kms:CallerAccount": "111122223333"}},
    "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}
  }
}"#;
    assert_eq!(
        errors(text),
        vec!["6:5 duplicate member `Condition` in statement 0"]
    );
}

#[test]
fn section_3_unknown_operator_suggests_the_right_one() {
    let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*",
  "Condition": {"StringEqualz": {"kms:CallerAccount": "111122223333"}}}}"#;
    let e = Policy::parse("p.json", text, PolicyKind::Key).unwrap_err();
    let d = &e.diagnostics()[0];
    assert_eq!(d.message, "unknown condition operator `StringEqualz`");
    assert_eq!(d.help.as_deref(), Some("did you mean `StringEquals`?"));
    assert_eq!(
        d.location.as_ref().map(|l| (l.line, l.column)),
        Some((2, 17))
    );
}

#[test]
fn all_errors_of_a_document_are_reported_in_order() {
    let text = r#"{"Version": "2012-10-17", "Statement": [
  {"Effect": "allow", "Principal": {"AWS": "arn:aws:iam::111122223333:group/Ops"}, "Action": "kms:Decrypt", "Resources": "*"},
  {"Effect": "Allow", "Principal": "*", "Action": "kms*:Decrypt", "Resource": "*", "Condition": {"NumericLessThan": {"kms:X": "ten"}}}
]}"#;
    let got = errors(text);
    assert_eq!(got.len(), 5, "{got:#?}");
    assert!(
        got[0].starts_with("2:14 invalid `Effect` `allow`"),
        "{got:#?}"
    );
    assert!(got[1].contains("IAM groups are never valid principals"));
    assert!(got[2].contains("unknown member `Resources`"));
    assert!(got[3].contains("invalid service prefix"));
    assert!(got[4].contains("invalid number `ten`"));
}

#[test]
fn section_1_element_rules() {
    let cases: &[(&str, &str)] = &[
        (
            r#"{"Statement": {"Effect": "Allow", "Action": "kms:*", "Resource": "*"}}"#,
            "names no principal",
        ),
        (
            r#"{"Statement": {"Effect": "Allow", "Principal": "*", "NotPrincipal": "*", "Action": "kms:*", "Resource": "*"}}"#,
            "both `Principal` and `NotPrincipal`",
        ),
        (
            r#"{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "kms:*", "NotAction": "kms:Decrypt", "Resource": "*"}}"#,
            "both `Action` and `NotAction`",
        ),
        (
            r#"{"Version": "2012-10-18", "Statement": []}"#,
            "invalid policy version",
        ),
        (
            r#"{"Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/*"}, "Action": "kms:*", "Resource": "*"}}"#,
            "wildcards are not allowed inside a principal",
        ),
        (
            r#"{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "key/abc"}}"#,
            "invalid resource",
        ),
        (
            r#"{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": {"StringEquals": {"kms:CallerAccount": []}}}}"#,
            "empty list of values",
        ),
        (
            r#"{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"kms:EncryptionContext:app": "x"}}}}"#,
            "OverlyPermissiveCondition",
        ),
        (
            r#"{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": {"NullIfExists": {"kms:ViaService": "true"}}}}"#,
            "`Null` takes neither",
        ),
        (
            r#"{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.300/8"}}}}"#,
            "invalid IP address",
        ),
        (
            r#"{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": {"DateLessThan": {"aws:CurrentTime": "tomorrow"}}}}"#,
            "invalid date",
        ),
        (
            r#"{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "yes"}}}}"#,
            "invalid boolean",
        ),
        (r#"[1, 2]"#, "a policy must be a JSON object"),
        (
            r#"{"Statement": {"Effect": "Allow", "Principal": "*", "Action": 7, "Resource": "*"}}"#,
            "`Action` must be a string or an array of strings",
        ),
        (r#"{"statement": []}"#, "unknown member `statement`"),
    ];
    for (text, want) in cases {
        let got = errors(text).join("\n");
        assert!(got.contains(want), "{text}\n=> {got}\n(wanted {want:?})");
    }
}

#[test]
fn identity_policies_reject_principals_and_require_resources() {
    let e = Policy::parse(
        "id.json",
        r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt"}}"#,
        PolicyKind::Identity,
    )
    .unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains("`Principal` is not allowed in an identity policy"),
        "{text}"
    );
    assert!(
        text.contains("has neither `Resource` nor `NotResource`"),
        "{text}"
    );
}

#[test]
fn section_1_2_key_policy_statement_without_resource_is_accepted() {
    let p = Policy::parse(
        "k.json",
        r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt"}}"#,
        PolicyKind::Key,
    )
    .expect("KMS accepts a statement without Resource");
    assert!(p.statements[0].resource.is_none());
}

#[test]
fn hostile_nesting_and_size_are_rejected_quickly() {
    let deep = "[".repeat(100_000);
    let e = Policy::parse("deep.json", &deep, PolicyKind::Key).unwrap_err();
    assert!(e.to_string().contains("nesting deeper than"));
}
