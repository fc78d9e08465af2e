//! KP112 `bypass-lockout-check`: the lockout safety check is bypassed, or nothing stops bypassing it
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP112`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP112: The lockout safety check is bypassed, or nothing stops bypassing it
pub(crate) struct BypassLockoutCheck;

static META: RuleMeta = RuleMeta {
    code: "KP112",
    name: "bypass-lockout-check",
    severity: Severity::Warning,
    applies: Applies::Both,
    summary: "The key sets `BypassPolicyLockoutSafetyCheck`, or a policy allows `PutKeyPolicy`/`CreateKey` with no guard on it",
    doc: DOC,
    security_severity: Some("5.0"),
};

const DOC: &str = r#"## What

A CloudFormation `AWS::KMS::Key` with `BypassPolicyLockoutSafetyCheck: true` or a Terraform `aws_kms_key` with `bypass_policy_lockout_safety_check = true` (warning). Also, at info level, a policy `Allow` of `kms:PutKeyPolicy` (or, in an identity policy, `kms:CreateKey`) with no guard on the `kms:BypassPolicyLockoutSafetyCheck` condition key: neither a test of it in the statement nor a `Deny` of the action that tests it. The key policy's account-principal statement is exempt (it only lets IAM policies decide), and a `kms:CreateKey` statement that KP119 reports is left to it.

## Why

The lockout safety check is the only server-side guard against a key policy that locks everyone out; setting the bypass turns it off, and a principal allowed to call `PutKeyPolicy` or `CreateKey` without a guard can turn it off at will.

## Example

Bad:

```json
BypassPolicyLockoutSafetyCheck: true
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/KeyAdmin"}, "Action": "kms:PutKeyPolicy", "Resource": "*"}
```

Good:

```json
(omit the property)
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/KeyAdmin"}, "Action": "kms:PutKeyPolicy", "Resource": "*"},
{"Effect": "Deny", "Principal": "*", "Action": "kms:PutKeyPolicy", "Resource": "*",
 "Condition": {"Bool": {"kms:BypassPolicyLockoutSafetyCheck": "true"}}}
```
"#;

impl Rule for BypassLockoutCheck {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        let identity = cx.doc.kind != LintKind::Key;
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            if ast.effect != Effect::Allow || (!identity && account_principals_only(st, ast)) {
                continue;
            }
            let actions = kms_actions(cx.catalog, ast);
            let mut unguarded: Vec<String> = Vec::new();
            for name in ["PutKeyPolicy", "CreateKey"] {
                // A key policy cannot grant CreateKey; KP119 reports unconstrained CreateKey.
                let skip = name == "CreateKey"
                    && (!identity || super::kp119_createkey_unconstrained::reports(cx, ast));
                if !skip && actions.iter().any(|a| a.name == name) && !bypass_guarded(cx, ast, name)
                {
                    unguarded.push(name.to_string());
                }
            }
            let Some(first) = unguarded.first() else {
                continue;
            };
            let span = action_span(ast, &format!("kms:{}", first.to_ascii_lowercase()))
                .or(ast.action.as_ref().map(|a| a.span))
                .unwrap_or(st.node.span);
            out.push(
                cx.finding(
                    &META,
                    span,
                    format!(
                        "{} allowed with no guard on `kms:BypassPolicyLockoutSafetyCheck`",
                        list_actions(&unguarded, 2)
                    ),
                )
                .severity(Severity::Info)
                .help(format!(
                    "add a `Deny` of {} when `\"Bool\": {{\"kms:BypassPolicyLockoutSafetyCheck\": \"true\"}}`",
                    list_actions(&unguarded, 2)
                )),
            );
        }
    }
    fn check_key(&self, cx: &KeyCx<'_>, out: &mut Vec<Finding>) {
        let key = cx.key;
        if key.prop_bool("BypassPolicyLockoutSafetyCheck") == Some(true) {
            let span = key
                .prop("BypassPolicyLockoutSafetyCheck")
                .map_or(key.span, |n| n.span);
            out.push(
                cx.finding(
                    &META,
                    span,
                    "the key bypasses the policy lockout safety check",
                )
                .help(
                    "remove the setting; KMS then refuses a policy that would lock out the caller",
                ),
            );
        }
    }
}
