//! KP206 `key-absent-deny`: a `Deny` conditioned on a KMS key that some of its actions never supply
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP206`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP206: A `Deny` conditioned on a KMS key that some of its actions never supply
pub(crate) struct KeyAbsentDeny;

static META: RuleMeta = RuleMeta {
    code: "KP206",
    name: "key-absent-deny",
    severity: Severity::Error,
    applies: Applies::Both,
    summary: "A `Deny` conditioned on a KMS key that some of its actions never supply",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

In a `Deny`, a positive condition on a `kms:` key that some of the statement's actions never put in the request.

## Why

For those actions the `Deny` never fires: a guard with a hole.

## Example

Bad:

```json
{"Effect": "Deny", "Action": "kms:*", "Condition": {"StringEquals": {"kms:EncryptionContext:env": "prod"}}}
```

Good:

```json
{"Effect": "Deny", "Action": ["kms:Decrypt", "kms:Encrypt"], "Condition": {"StringEquals": {"kms:EncryptionContext:env": "prod"}}}
```
"#;

impl Rule for KeyAbsentDeny {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for (c, missing) in absent_keys(cx, Effect::Deny) {
            let shown: Vec<&str> = missing.iter().take(4).map(String::as_str).collect();
            out.push(
                cx.finding(&META, c.key_span, format!(
                    "`{}` is never present for {} of the statement's actions, so this Deny never fires for them",
                    c.key,
                    missing.len()
                ))
                .note(format!("for example: {}", shown.join(", ")))
                .help(HELP),
            );
        }
    }
}

const HELP: &str = "restrict `Action` to actions that supply the key, or write the condition so that an absent key also denies";
