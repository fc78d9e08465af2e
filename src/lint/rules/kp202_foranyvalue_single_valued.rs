//! KP202 `foranyvalue-single-valued`: `ForAnyValue:` on a single-valued condition key
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP202`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP202: `ForAnyValue:` on a single-valued condition key
pub(crate) struct ForanyvalueSingleValued;

static META: RuleMeta = RuleMeta {
    code: "KP202",
    name: "foranyvalue-single-valued",
    severity: Severity::Warning,
    applies: Applies::Both,
    summary: "`ForAnyValue:` on a single-valued condition key",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

`ForAnyValue:` with a key that has one value per request.

## Why

Set qualifiers are for multi-valued keys; on a single-valued key the intent is unclear and AWS documentation advises against it.

## Example

Bad:

```json
"ForAnyValue:StringEquals": {"kms:CallerAccount": "111122223333"}
```

Good:

```json
"StringEquals": {"kms:CallerAccount": "111122223333"}
```
"#;

impl Rule for ForanyvalueSingleValued {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            for c in conditions(ast) {
                if c.operator.set != SetOp::ForAnyValue {
                    continue;
                }
                if cx.catalog.key(&c.key).is_some_and(|i| !i.multi_valued()) {
                    out.push(
                        cx.finding(
                            &META,
                            c.operator_span,
                            format!("`{}` on single-valued key `{}`", c.operator_text, c.key),
                        )
                        .help("drop the `ForAnyValue:` qualifier"),
                    );
                }
            }
        }
    }
}
