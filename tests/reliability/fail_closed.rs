//! The fail-closed audit of README "Reliability": one test per way evaluation can fail.

use super::*;

/// The key policy allows everything and denies when `condition` holds. The request carries
/// `key = value` for each `(key, value)`: `bad` cannot be read for the operator, `false_value`
/// makes the condition false and `true_value` makes it true.
fn deny_when(
    condition: &str,
    key: &str,
    [bad, false_value, true_value]: [&str; 3],
    expected_error: &str,
) {
    let w = key_world(&doc(&format!(
        r#"{ALLOW_ALL}, {{"Sid": "DenyWhen", "Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": {condition}}}"#
    )));
    let q = |v: &str| app("kms:Decrypt").context(key, v).build().unwrap();
    assert_eq!(check(&w, &q(false_value)).decision, Decision::Allowed);
    assert_eq!(check(&w, &q(true_value)).decision, Decision::ExplicitDeny);
    let r = check(&w, &q(bad));
    assert_eq!(r.decision, Decision::ImplicitDeny, "{bad}");
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    assert!(r.errors[0].contains(expected_error), "{:?}", r.errors);
    assert!(
        r.notes.iter().any(|n| n.contains("fail closed")),
        "{:?}",
        r.notes
    );
}

#[test]
fn fail_closed_request_value_not_a_date() {
    deny_when(
        r#"{"DateGreaterThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}"#,
        "aws:CurrentTime",
        ["tomorrow", "2025-01-01T00:00:00Z", "2031-01-01T00:00:00Z"],
        "the request value `tomorrow` of `aws:CurrentTime` is not a date",
    );
}

#[test]
fn fail_closed_request_value_not_an_ip_address() {
    deny_when(
        r#"{"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}"#,
        "aws:SourceIp",
        ["10.0.0.300", "10.1.2.3", "8.8.8.8"],
        "is not an IP address",
    );
}

#[test]
fn fail_closed_request_value_not_a_number() {
    deny_when(
        r#"{"NumericGreaterThan": {"aws:MultiFactorAuthAge": "3600"}}"#,
        "aws:MultiFactorAuthAge",
        ["an hour", "60", "7200"],
        "is not a number",
    );
}

#[test]
fn fail_closed_request_value_not_a_boolean() {
    deny_when(
        r#"{"Bool": {"aws:SecureTransport": "false"}}"#,
        "aws:SecureTransport",
        ["yes", "true", "false"],
        "is not a boolean",
    );
}

#[test]
fn fail_closed_request_value_not_an_arn() {
    deny_when(
        r#"{"ArnNotLike": {"aws:SourceArn": "arn:aws:s3:::allowed-*"}}"#,
        "aws:SourceArn",
        [
            "allowed-bucket",
            "arn:aws:s3:::allowed-1",
            "arn:aws:s3:::other",
        ],
        "is not an ARN",
    );
}

/// §6.3: two encryption-context pairs whose keys differ only by case, tested by a condition on
/// that key: which one AWS reads is undocumented, so the condition is an evaluation error.
#[test]
fn fail_closed_ambiguous_encryption_context_key_case() {
    let w = key_world(&doc(&format!(
        r#"{ALLOW_ALL}, {{"Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": {{"StringNotEquals": {{"kms:EncryptionContext:dept": "finance"}}}}}}"#
    )));
    let q = |pairs: &[(&str, &str)]| {
        let mut b = app("kms:Decrypt");
        for (k, v) in pairs {
            b = b.encryption_context(*k, *v);
        }
        b.build().unwrap().into_owned()
    };
    assert_eq!(
        check(&w, &q(&[("Dept", "finance")])).decision,
        Decision::Allowed
    );
    assert_eq!(
        check(&w, &q(&[("dept", "hr")])).decision,
        Decision::ExplicitDeny
    );
    let r = check(&w, &q(&[("dept", "finance"), ("DEPT", "hr")]));
    assert_eq!(r.decision, Decision::ImplicitDeny);
    assert!(
        r.errors[0].contains("differ only by case"),
        "{:?}",
        r.errors
    );
    // Presence alone is not ambiguous: `Null` reads both spellings as present.
    let w = key_world(&doc(&format!(
        r#"{ALLOW_ALL}, {{"Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": {{"Null": {{"kms:EncryptionContext:dept": "true"}}}}}}"#
    )));
    let r = check(&w, &q(&[("dept", "finance"), ("DEPT", "hr")]));
    assert_eq!((r.decision, r.errors.len()), (Decision::Allowed, 0));
}

/// A policy variable naming a key the request carries in two spellings: an evaluation error too.
#[test]
fn fail_closed_ambiguous_policy_variable() {
    let mut w = key_world(&doc(&format!(
        r#"{ALLOW_ALL}, {{"Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": {{"StringNotEquals": {{"kms:EncryptionContext:tenant": "${{aws:PrincipalTag/tenant}}"}}}}}}"#
    )));
    let mut role = Principal::new("arn:aws:iam::111122223333:role/App", vec![]).unwrap();
    role.tags = vec![("tenant".into(), "a".into()), ("Tenant".into(), "b".into())];
    w.add_principal(role);
    let r = check(
        &w,
        &app("kms:Decrypt")
            .encryption_context("tenant", "a")
            .build()
            .unwrap(),
    );
    assert_eq!(r.decision, Decision::ImplicitDeny);
    assert!(r.errors[0].contains("policy variable"), "{:?}", r.errors);
}

/// §4: a variable without a value (and no default) is not an error: it follows the documented
/// rules — a positive condition on it fails, a negated one holds, a `Resource` entry with it
/// matches nothing — and in `NotResource` the statement does not apply (engine choice, spec §12).
#[test]
fn unresolvable_variable_follows_the_documented_rules() {
    let w = key_world(&doc(
        r#"{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"kms:EncryptionContext:user": "${aws:username}"}}},
           {"Effect": "Allow", "Principal": "*", "Action": ["kms:Encrypt", "kms:ScheduleKeyDeletion"], "Resource": "*"},
           {"Effect": "Deny", "Principal": "*", "Action": "kms:Encrypt", "Resource": "*", "Condition": {"StringNotEquals": {"kms:EncryptionContext:team": "${aws:PrincipalTag/team}"}}},
           {"Effect": "Allow", "Principal": "*", "Action": "kms:GenerateDataKey", "Resource": "*", "Condition": {"StringEquals": {"kms:EncryptionContext:team": "${aws:PrincipalTag/team, 'none'}"}}},
           {"Effect": "Allow", "Principal": "*", "Action": "kms:DescribeKey", "Resource": "arn:aws:kms:us-east-1:111122223333:key/${aws:username}"},
           {"Effect": "Deny", "Principal": "*", "Action": "kms:ScheduleKeyDeletion", "NotResource": "arn:aws:kms:us-east-1:111122223333:key/${aws:username}"}"#,
    ));
    let q = |action: &str, pair: Option<(&str, &str)>| {
        let mut b = app(action);
        if let Some((k, v)) = pair {
            b = b.encryption_context(k, v);
        }
        b.build().unwrap().into_owned()
    };
    for (request, want) in [
        (q("kms:Decrypt", Some(("user", ""))), Decision::ImplicitDeny),
        (
            q("kms:Encrypt", Some(("team", "pay"))),
            Decision::ExplicitDeny,
        ),
        (
            q("kms:GenerateDataKey", Some(("team", "none"))),
            Decision::Allowed,
        ),
        (q("kms:DescribeKey", None), Decision::ImplicitDeny),
        (q("kms:ScheduleKeyDeletion", None), Decision::Allowed),
    ] {
        let r = check(&w, &request);
        assert_eq!(r.decision, want, "{}", request.action_name());
        assert!(r.errors.is_empty(), "{:?}", r.errors);
    }
}

/// An unknown operator (or set prefix, or `IfExists` on `Null`) never reaches the evaluator: the
/// policy is refused when it is loaded, with a "did you mean", and a scenario using it does not
/// load, so no decision is ever made with it.
#[test]
fn unknown_operator_never_reaches_the_evaluator() {
    for (op, expected) in [
        ("StringEqualz", "did you mean `StringEquals`?"),
        ("ForAnyValues:StringEquals", "ForAnyValues"),
        ("NullIfExists", "NullIfExists"),
        ("Foo:Bar:StringEquals", "Foo:Bar:StringEquals"),
    ] {
        let text = doc(&format!(
            r#"{{"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": {{"{op}": {{"kms:CallerAccount": "111122223333"}}}}}}"#
        ));
        let e = Policy::parse("op.json", &text, PolicyKind::Key).unwrap_err();
        assert!(message(&e).contains(expected), "{op}: {e}");
        let scenario = format!(
            r#"{{"keys": [{{"arn": "{KEY}", "policy": {text}}}], "cases": [{{"name": "c", "principal": "{APP}", "action": "kms:Decrypt", "expect": "allowed"}}]}}"#
        );
        assert!(load_scenario_str("op.test.json", &scenario, std::path::Path::new(".")).is_err());
        let report = lint_text("op.json", &text, &LintOptions::default());
        assert!(report
            .findings
            .iter()
            .any(|f| f.severity == kmspolicy::lint::Severity::Error));
    }
}

/// A policy value that cannot be read for its operator (CIDR, date, number, boolean) is refused
/// when the policy is loaded, at its line and column.
#[test]
fn unreadable_policy_values_are_refused_at_load() {
    for (condition, expected) in [
        (
            r#"{"IpAddress": {"aws:SourceIp": "10.0.0.0/33"}}"#,
            "invalid IP address or CIDR",
        ),
        (
            r#"{"IpAddress": {"aws:SourceIp": "300.1.1.1"}}"#,
            "invalid IP address or CIDR",
        ),
        (
            r#"{"DateLessThan": {"aws:CurrentTime": "2020-13-45"}}"#,
            "invalid date",
        ),
        (
            r#"{"NumericLessThan": {"custom:n": "ten"}}"#,
            "invalid number",
        ),
        (
            r#"{"Bool": {"aws:SecureTransport": "maybe"}}"#,
            "invalid boolean",
        ),
    ] {
        let text = doc(&format!(
            r#"{{"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": {condition}}}"#
        ));
        let e = Policy::parse("v.json", &text, PolicyKind::Key).unwrap_err();
        let m = message(&e);
        assert!(m.contains(expected) && m.starts_with("v.json:1:"), "{m}");
    }
}

/// A malformed ARN in the request — the resource or the principal — is bad input: the request
/// is refused (CLI exit status 2), never decided.
#[test]
fn malformed_arn_in_the_request_is_refused() {
    let w = key_world(&doc(ALLOW_ALL));
    for resource in [
        "arn:aws:kms:us-east-1:111122223333:notakey/x",
        "arn:aws:kms:us-east-1:111122223333",
        "arn:aws:kms:us-east-1:12345:key/k1",
        "*",
        "key id with spaces",
    ] {
        let q = Request::builder()
            .principal(APP)
            .action("kms:Decrypt")
            .resource(resource)
            .build()
            .unwrap();
        assert!(authorize(&w, &q).is_err(), "{resource}");
        assert!(decide(&w, &q).is_err(), "{resource}");
    }
    for principal in [
        "arn:aws:iam::12345:role/x",
        "arn:aws:sts::111122223333",
        "",
        "not a principal",
    ] {
        let q = Request::builder()
            .principal(principal)
            .action("kms:Decrypt")
            .build();
        assert!(q.is_err(), "{principal:?}");
    }
    let kp = scratch_file("kp.json", doc(ALLOW_ALL).as_bytes());
    let kp = kp.to_str().unwrap();
    for args in [
        [
            "--principal",
            APP,
            "--resource",
            "arn:aws:kms:us-east-1:111122223333:notakey/x",
        ],
        ["--principal", "arn:aws:iam::1:role/x", "--resource", KEY],
    ] {
        let mut all = vec!["can", "--key-policy", kp, "--action", "kms:Decrypt"];
        all.extend(args);
        let o = run(&all);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("error: invalid"), "{}", stderr(&o));
    }
}

fn allow_everything() -> Stmt {
    Stmt {
        allow: true,
        ..deny_all()
    }
}

/// An unevaluable `Deny` fails closed in every policy type — key policy, identity policy,
/// boundary, SCP, RCP, session policy, VPC endpoint policy — and the error names the policy type.
#[test]
fn fail_closed_in_every_policy_type() {
    let everything = vec![allow_everything()];
    let base = Setup {
        key: everything.clone(),
        identity: everything.clone(),
        boundary: Some(everything.clone()),
        scp: Some(vec![everything.clone()]),
        rcp: Some(everything.clone()),
        session: Some(everything.clone()),
        vpce: Some(everything),
    };
    let r = Req {
        caller: 0,
        action: 0,
        tenant: None,
        extra_pair: None,
        n: None,
        time: None,
        ip: None,
        via: false,
        bad: Some(0),
    };
    assert_eq!(decision(&base, &r), Decision::Allowed);
    for (at, phrase) in [
        (Place::Key, "resource-based policy"),
        (Place::Identity, "identity-based policy"),
        (Place::Boundary, "permissions boundary"),
        (Place::Scp(0), "service control policy"),
        (Place::Rcp, "resource control policy"),
        (Place::Session, "session policy"),
        (Place::Vpce, "VPC endpoint policy"),
    ] {
        let t = with(
            &base,
            at,
            Stmt {
                raw: Some(0),
                ..deny_all()
            },
        );
        let response = full(&t, &r, Style::default());
        assert_eq!(response.decision, Decision::ImplicitDeny, "{at:?}");
        assert!(
            response.errors.iter().any(|e| e.starts_with(phrase)),
            "{at:?}: {:?}",
            response.errors
        );
        // An error never hides an explicit deny.
        let t = with(&t, at, deny_all());
        assert_eq!(decision(&t, &r), Decision::ExplicitDeny, "{at:?}");
    }
}

/// Fail closed on the grant path too: a grant alone allows, an unevaluable `Deny` takes it away.
#[test]
fn fail_closed_on_the_grant_path() {
    let scenario = |deny: &str| {
        format!(
            r#"{{"keys": [{{"arn": "{KEY}",
                "policy": {{"Version": "2012-10-17", "Statement": [
                  {{"Sid": "Admins", "Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::111122223333:role/Admin"}}, "Action": "kms:*", "Resource": "*"}}{deny}]}},
                "grants": [{{"GrantId": "g1", "GranteePrincipal": "arn:aws:iam::111122223333:role/App", "Operations": ["Decrypt"]}}]}}],
              "cases": [{{"name": "grant", "principal": "{APP}", "action": "kms:Decrypt", "context": {{"custom:n": "abc"}}, "expect": "allowed"}}]}}"#
        )
    };
    let decide_case = |text: &str| {
        let s = load_scenario_str("grant.test.json", text, std::path::Path::new(".")).unwrap();
        let case = &s.cases.as_ref().unwrap()[0];
        check(&s.world, &case.request)
    };
    assert_eq!(decide_case(&scenario("")).decision, Decision::Allowed);
    let r = decide_case(&scenario(
        r#", {"Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": {"NumericLessThan": {"custom:n": "5"}}}"#,
    ));
    assert_eq!(r.decision, Decision::ImplicitDeny);
    assert!(r.grants.is_empty() && !r.errors.is_empty());
}
