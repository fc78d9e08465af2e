//! KP212 `like-without-wildcard`: `StringLike`/`ArnLike` with no wildcard in any value
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP212`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP212: `StringLike`/`ArnLike` with no wildcard in any value
pub(crate) struct LikeWithoutWildcard;

static META: RuleMeta = RuleMeta {
    code: "KP212",
    name: "like-without-wildcard",
    severity: Severity::Info,
    applies: Applies::Both,
    summary: "`StringLike`/`ArnLike` with no wildcard in any value",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A `Like` operator whose values contain neither `*` nor `?`.

## Why

The exact operator says the same thing more clearly.

## Example

Bad:

```json
"StringLike": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}
```

Good:

```json
"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}
```
"#;

impl Rule for LikeWithoutWildcard {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            for c in conditions(ast) {
                let exact = match c.operator.base {
                    BaseOp::StringLike => "StringEquals",
                    BaseOp::ArnLike => "ArnEquals",
                    _ => continue,
                };
                if c.values
                    .items
                    .iter()
                    .all(|v| !v.text().contains(['*', '?']) && !v.text().contains("${"))
                {
                    out.push(
                        cx.finding(
                            &META,
                            c.operator_span,
                            format!(
                                "`{}` with no wildcard in its values",
                                c.operator.base.name()
                            ),
                        )
                        .help(format!("use `{exact}`")),
                    );
                }
            }
        }
    }
}
