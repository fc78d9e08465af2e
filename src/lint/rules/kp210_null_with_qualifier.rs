//! KP210 `null-with-qualifier`: `ForAllValues:Null` / `ForAnyValue:Null`
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP210`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP210: `ForAllValues:Null` / `ForAnyValue:Null`
pub(crate) struct NullWithQualifier;

static META: RuleMeta = RuleMeta {
    code: "KP210",
    name: "null-with-qualifier",
    severity: Severity::Info,
    applies: Applies::Both,
    summary: "`ForAllValues:Null` / `ForAnyValue:Null`",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A set qualifier on `Null`.

## Why

The result does not depend on the values, so the condition is a constant.

## Example

Bad:

```json
"ForAllValues:Null": {"aws:TagKeys": "false"}
```

Good:

```json
"Null": {"aws:TagKeys": "false"}
```
"#;

impl Rule for NullWithQualifier {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            for c in conditions(ast) {
                if c.operator.base == BaseOp::Null && c.operator.set != SetOp::None {
                    out.push(
                        cx.finding(
                            &META,
                            c.operator_span,
                            format!(
                                "`{}`: a set qualifier on `Null` makes a constant",
                                c.operator_text
                            ),
                        )
                        .help("use `Null`"),
                    );
                }
            }
        }
    }
}
