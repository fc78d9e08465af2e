//! KP226 `wildcard-in-condition-key-name`: a `*` or `?` inside a condition-key name
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP226`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP226: A `*` or `?` inside a condition-key name
pub(crate) struct WildcardInConditionKeyName;

static META: RuleMeta = RuleMeta {
    code: "KP226",
    name: "wildcard-in-condition-key-name",
    severity: Severity::Warning,
    applies: Applies::Both,
    summary: "A `*` or `?` inside a condition-key name",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A condition key whose name contains `*` or `?`, such as `kms:EncryptionContext:*` written in the hope of matching any context key. (Unknown key names are KP016's.)

## Why

Wildcards work in condition values, not in key names: the name is read literally, so it names a context key called `*`, which no request carries.

## Example

Bad:

```json
"StringLike": {"kms:EncryptionContext:*": "payments"}
```

Good:

```json
"ForAnyValue:StringEquals": {"kms:EncryptionContextKeys": "app"},
"StringEquals": {"kms:EncryptionContext:app": "payments"}
```
"#;

impl Rule for WildcardInConditionKeyName {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            for c in conditions(ast) {
                if !c.key.contains(['*', '?']) || cx.catalog.key(&c.key).is_none() {
                    continue;
                }
                let help = if c.key_lower.starts_with("kms:encryptioncontext:") {
                    "name the context key; to require some key, test `kms:EncryptionContextKeys` with `ForAnyValue:StringLike`"
                } else {
                    "name the key exactly; put wildcards in the values of a `…Like` operator"
                };
                out.push(
                    cx.finding(
                        &META,
                        c.key_span,
                        format!(
                            "`{}` has a wildcard in the key name, which is matched literally",
                            c.key
                        ),
                    )
                    .help(help),
                );
            }
        }
    }
}
