//! KP027 `empty-collection`: an empty list or object for `Action`, `Resource`, `Principal`, `Condition` or a value list
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP027`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP027: An empty list or object for `Action`, `Resource`, `Principal`, `Condition` or a value list
pub(crate) struct EmptyCollection;

static META: RuleMeta = RuleMeta {
    code: "KP027",
    name: "empty-collection",
    severity: Severity::Info,
    applies: Applies::Both,
    summary:
        "An empty list or object for `Action`, `Resource`, `Principal`, `Condition` or a value list",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

An element written as `[]` or `{}`.

## Why

The statement or the condition does nothing, which usually means something was deleted by mistake.

## Example

Bad:

```json
"Principal": {}
```

Good:

```json
remove the statement, or name the principal
```
"#;

impl Rule for EmptyCollection {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            for m in st.members() {
                if !matches!(
                    m.key.as_str(),
                    "Action"
                        | "NotAction"
                        | "Resource"
                        | "NotResource"
                        | "Principal"
                        | "NotPrincipal"
                        | "Condition"
                ) {
                    continue;
                }
                let empty = match &m.value.value {
                    Value::Array(a) => a.is_empty(),
                    Value::Object(o) => o.is_empty(),
                    _ => false,
                };
                if empty {
                    out.push(
                        cx.finding(&META, m.value.span, format!("`{}` is empty", m.key))
                            .help("remove the element or the statement, or fill it in"),
                    );
                }
            }
        }
    }
}
