//! KP209 `null-with-ifexists`: `NullIfExists`
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP209`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP209: `NullIfExists`
pub(crate) struct NullWithIfexists;

static META: RuleMeta = RuleMeta {
    code: "KP209",
    name: "null-with-ifexists",
    severity: Severity::Error,
    applies: Applies::Both,
    summary: "`NullIfExists`",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

The operator `NullIfExists`.

## Why

`Null` already tests existence; `IfExists` on it is meaningless and Access Analyzer flags it.

## Example

Bad:

```json
"NullIfExists": {"kms:EncryptionContextKeys": "false"}
```

Good:

```json
"Null": {"kms:EncryptionContextKeys": "false"}
```
"#;

impl Rule for NullWithIfexists {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            for c in conditions(ast) {
                if c.operator.base == BaseOp::Null && c.operator.if_exists {
                    out.push(
                        cx.finding(
                            &META,
                            c.operator_span,
                            format!("`{}` is meaningless", c.operator_text),
                        )
                        .help("use `Null`"),
                    );
                }
            }
        }
    }
}
