//! KP112 `bypass-lockout-check`: the key sets `BypassPolicyLockoutSafetyCheck`
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP112`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP112: The key sets `BypassPolicyLockoutSafetyCheck`
pub(crate) struct BypassLockoutCheck;

static META: RuleMeta = RuleMeta {
    code: "KP112",
    name: "bypass-lockout-check",
    severity: Severity::Warning,
    applies: Applies::KeyResource,
    summary: "The key sets `BypassPolicyLockoutSafetyCheck`",
    doc: DOC,
    security_severity: Some("5.0"),
};

const DOC: &str = r#"## What

A CloudFormation `AWS::KMS::Key` with `BypassPolicyLockoutSafetyCheck: true` or a Terraform `aws_kms_key` with `bypass_policy_lockout_safety_check = true`. (The policy-level variant — allowing `PutKeyPolicy`/`CreateKey` without a guard on `kms:BypassPolicyLockoutSafetyCheck` — is not checked yet.)

## Why

It turns off the only server-side guard against a policy that locks everyone out.

## Example

Bad:

```json
BypassPolicyLockoutSafetyCheck: true
```

Good:

```json
omit the property
```
"#;

impl Rule for BypassLockoutCheck {
    fn meta(&self) -> &'static RuleMeta {
        &META
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
