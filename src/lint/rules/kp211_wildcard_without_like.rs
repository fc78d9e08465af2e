//! KP211 `wildcard-without-like`: a `*` or `?` in a value under an exact operator
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP211`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP211: A `*` or `?` in a value under an exact operator
pub(crate) struct WildcardWithoutLike;

static META: RuleMeta = RuleMeta {
    code: "KP211",
    name: "wildcard-without-like",
    severity: Severity::Warning,
    applies: Applies::Both,
    summary: "A `*` or `?` in a value under an exact operator",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A condition value containing `*` or `?` under `StringEquals`, `StringNotEquals`, `ArnEquals` or `ArnNotEquals`.

## Why

Exact operators compare the wildcard literally, so the condition never matches what it seems to describe.

## Example

Bad:

```json
"StringEquals": {"kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::b/*"}
```

Good:

```json
"StringLike": {"kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::b/*"}
```
"#;

impl Rule for WildcardWithoutLike {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            for c in conditions(ast) {
                let like = match c.operator.base {
                    BaseOp::StringEquals => "StringLike",
                    BaseOp::StringNotEquals => "StringNotLike",
                    BaseOp::ArnEquals => "ArnLike",
                    BaseOp::ArnNotEquals => "ArnNotLike",
                    _ => continue,
                };
                if let Some(v) = c
                    .values
                    .items
                    .iter()
                    .find(|v| v.text().contains(['*', '?']) && v.text() != "*")
                {
                    out.push(
                        cx.finding(
                            &META,
                            v.span,
                            format!(
                                "`{}` is compared literally by `{}`",
                                v.text(),
                                c.operator.base.name()
                            ),
                        )
                        .help(format!("use `{like}` for a wildcard match")),
                    );
                }
            }
        }
    }
}
