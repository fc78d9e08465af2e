//! KP016 `unknown-condition-key`: a condition key that does not exist, or a malformed key name
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP016`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP016: A condition key that does not exist, or a malformed key name
pub(crate) struct UnknownConditionKey;

static META: RuleMeta = RuleMeta {
    code: "KP016",
    name: "unknown-condition-key",
    severity: Severity::Error,
    applies: Applies::Both,
    summary: "A condition key that does not exist, or a malformed key name",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A `kms:` or `aws:` condition key that is not in the catalogue (`kms:CallerAcount`), or a key not written `prefix:name`. Keys of other services are not checked.

## Why

An `Allow` conditioned on a key that never exists never matches; a `Deny` conditioned on it never fires.

## Example

Bad:

```json
"StringEquals": {"kms:CallerAcount": "111122223333"}
```

Good:

```json
"StringEquals": {"kms:CallerAccount": "111122223333"}
```
"#;

impl Rule for UnknownConditionKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let Some(cond) = st.member("Condition") else {
                continue;
            };
            let Value::Object(ops) = &cond.value.value else {
                continue;
            };
            for op in ops {
                let Value::Object(keys) = &op.value.value else {
                    continue;
                };
                for k in keys {
                    let Some((prefix, _)) = k.key.split_once(':') else {
                        continue; // reported by the reader
                    };
                    let p = prefix.to_ascii_lowercase();
                    if p != "kms" && p != "aws" {
                        continue;
                    }
                    let retired = cx
                        .catalog
                        .retired
                        .iter()
                        .any(|(r, _)| r.eq_ignore_ascii_case(&k.key));
                    if !retired && cx.catalog.key(&k.key).is_none() {
                        out.push(
                            cx.finding(
                                &META,
                                k.key_span,
                                format!("unknown condition key `{}`", k.key),
                            )
                            .help_opt(cx.catalog.suggest_key(&k.key))
                            .caret("no such key"),
                        );
                    }
                }
            }
        }
    }
}
