//! KP119 `createkey-unconstrained`: `kms:CreateKey` allowed with no limit on the keys created
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP119`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP119: `kms:CreateKey` allowed with no limit on the keys created
pub(crate) struct CreatekeyUnconstrained;

static META: RuleMeta = RuleMeta {
    code: "KP119",
    name: "createkey-unconstrained",
    severity: Severity::Info,
    applies: Applies::Identity,
    summary: "`kms:CreateKey` allowed with no limit on the keys created",
    doc: DOC,
    security_severity: Some("3.0"),
};

const DOC: &str = r#"## What

An identity-policy `Allow` covering `kms:CreateKey` with no condition limiting what is created (`kms:KeySpec`, `kms:KeyUsage`, `aws:RequestTag/<k>`) and no guard on `kms:BypassPolicyLockoutSafetyCheck` (in the statement or a `Deny` of the policy). A statement allowing every KMS action is reported by KP115 instead.

## Why

The creator of a key writes its first key policy, so it can give itself anything on the new key, and with the lockout bypass it can even create a key nobody can manage.

## Example

Bad:

```json
{"Effect": "Allow", "Action": "kms:CreateKey", "Resource": "*"}
```

Good:

```json
{"Effect": "Allow", "Action": "kms:CreateKey", "Resource": "*", "Condition": {"StringEquals": {"kms:KeySpec": "SYMMETRIC_DEFAULT"}}},
{"Effect": "Deny", "Action": "kms:CreateKey", "Resource": "*", "Condition": {"Bool": {"kms:BypassPolicyLockoutSafetyCheck": "true"}}}
```
"#;

impl Rule for CreatekeyUnconstrained {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            if !reports(cx, ast) {
                continue;
            }
            let span = action_span(ast, "kms:createkey").unwrap_or(st.node.span);
            out.push(
                cx.finding(&META, span, "`kms:CreateKey` is allowed with no limit on the keys it creates")
                    .help("add `\"StringEquals\": {\"kms:KeySpec\": \"SYMMETRIC_DEFAULT\"}` (or `kms:KeyUsage`, `aws:RequestTag/…`), and deny `kms:CreateKey` when `kms:BypassPolicyLockoutSafetyCheck` is true"),
            );
        }
    }
}

/// Whether KP119 reports `st` (KP112 leaves such statements to it).
pub(crate) fn reports(cx: &PolicyCx<'_>, st: &Statement) -> bool {
    if st.effect != Effect::Allow
        || covers_all_kms(cx, st)
        || !kms_actions(cx.catalog, st)
            .iter()
            .any(|a| a.name == "CreateKey")
    {
        return false;
    }
    let limited = conditions(st).iter().any(|c| {
        !c.operator.base.negated()
            && (matches!(c.key_lower.as_str(), "kms:keyspec" | "kms:keyusage")
                || c.key_lower.starts_with("aws:requesttag/"))
    });
    !limited && !bypass_guarded(cx, st, "CreateKey")
}
