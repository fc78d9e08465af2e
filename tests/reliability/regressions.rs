//! Findings of the reliability work, fixed in `src/` and kept as regression tests.

use super::*;

/// The order of the operator blocks of one `Condition` does not change the decision: entries are
/// ANDed in three-valued logic, so a false entry decides even when another cannot be evaluated,
/// and with no false entry the unevaluable one fails closed wherever it is.
#[test]
fn condition_entry_order_changes_no_decision() {
    let decide_with_condition = |condition: &str| {
        let w = key_world(&doc(&format!(
            r#"{ALLOW_ALL}, {{"Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": {condition}}}"#
        )));
        let r = check(
            &w,
            &app("kms:Decrypt")
                .context("custom:n", "abc")
                .build()
                .unwrap(),
        );
        (r.decision, r.errors.len())
    };
    // A false entry keeps the Deny from applying, in either order; next to a true entry, the
    // unevaluable one fails closed.
    let deny_does_not_apply = (Decision::Allowed, 0);
    let fails_closed = (Decision::ImplicitDeny, 1);
    for (condition, expected) in [
        (
            r#"{"StringEquals": {"kms:CallerAccount": "999999999999"}, "NumericLessThan": {"custom:n": "5"}}"#,
            deny_does_not_apply,
        ),
        (
            r#"{"NumericLessThan": {"custom:n": "5"}, "StringEquals": {"kms:CallerAccount": "999999999999"}}"#,
            deny_does_not_apply,
        ),
        (
            r#"{"StringEquals": {"kms:CallerAccount": "111122223333"}, "NumericLessThan": {"custom:n": "5"}}"#,
            fails_closed,
        ),
        (
            r#"{"NumericLessThan": {"custom:n": "5"}, "StringEquals": {"kms:CallerAccount": "111122223333"}}"#,
            fails_closed,
        ),
    ] {
        assert_eq!(decide_with_condition(condition), expected, "{condition}");
    }
}

/// The order of the values of one condition key does not change the decision, even when one value
/// is a variable that cannot be resolved unambiguously: a matching value decides, and when none
/// matches the unevaluable one fails closed.
#[test]
fn condition_value_order_changes_no_decision() {
    let decide_with_values = |values: &str, account: &str| {
        let w = key_world(&doc(&format!(
            r#"{{"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": {{"StringEquals": {{"kms:CallerAccount": {values}}}}}}}"#
        )));
        let q = Request::builder()
            .principal(format!("arn:aws:iam::{account}:root"))
            .action("kms:Decrypt")
            .resource(KEY)
            .encryption_context("dept", "x")
            .encryption_context("Dept", "y")
            .build()
            .unwrap();
        check(&w, &q).decision
    };
    for values in [
        r#"["111122223333", "${kms:EncryptionContext:dept}"]"#,
        r#"["${kms:EncryptionContext:dept}", "111122223333"]"#,
    ] {
        assert_eq!(decide_with_values(values, A), Decision::Allowed, "{values}");
        assert_eq!(
            decide_with_values(values, B),
            Decision::ImplicitDeny,
            "{values}"
        );
    }
}

/// An `ArnLike` value that is not a six-component ARN (other than `*`) is refused when the policy
/// is loaded, instead of being matched as a whole string whose `*` would cross colons
/// (`arn:aws:iam::*` would admit every principal). Spec §3.2 (per component) and §12 #5.
#[test]
fn arnlike_value_that_is_not_an_arn_is_refused() {
    let policy = |value: &str| {
        doc(&format!(
            r#"{{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {{"ArnLike": {{"aws:PrincipalArn": "{value}"}}}}}}"#
        ))
    };
    for bad in ["arn:aws:iam::*", "role/App", "arn:aws:iam"] {
        let e = Policy::parse("kp.json", &policy(bad), PolicyKind::Key).unwrap_err();
        assert!(e.to_string().contains("invalid ARN"), "{bad}: {e}");
    }
    // `*` alone still matches every ARN; a pattern matches per component.
    let w = key_world(&policy("*"));
    assert_eq!(
        check(&w, &app("kms:Decrypt").build().unwrap()).decision,
        Decision::Allowed
    );
    let w = key_world(&policy("arn:aws:iam::*:role/*"));
    assert_eq!(
        check(&w, &app("kms:Decrypt").build().unwrap()).decision,
        Decision::Allowed
    );
    let root = Request::builder()
        .principal("arn:aws:iam::111122223333:root")
        .action("kms:Decrypt")
        .resource(KEY)
        .build()
        .unwrap();
    assert_eq!(check(&w, &root).decision, Decision::ImplicitDeny);
}

/// YAML alias expansion is bounded: nested aliases that would multiply a template of under 1 KB
/// into 10^9 strings are refused (KP001) as soon as the expansion outgrows the text, instead of
/// exhausting memory.
#[test]
fn yaml_alias_expansion_is_bounded() {
    let mut lines = vec![format!(
        "Version: \"2012-10-17\"\na0: &a0 [{}]",
        ["\"kms:Decrypt\""; 10].join(",")
    )];
    for i in 1..=8 {
        lines.push(format!(
            "a{i}: &a{i} [{}]",
            vec![format!("*a{}", i - 1); 10].join(",")
        ));
    }
    lines.push("Statement: [{Effect: Allow, Action: *a8, Resource: \"*\"}]".into());
    let report = lint_text("bomb.yaml", &lines.join("\n"), &LintOptions::default());
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.code == "KP001" && f.message.contains("aliases expand")),
        "{:?}",
        report.findings
    );
}
