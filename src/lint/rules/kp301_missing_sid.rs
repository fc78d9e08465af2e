//! KP301 `missing-sid`: a statement without `Sid`
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP301`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP301: A statement without `Sid`
pub(crate) struct MissingSid;

static META: RuleMeta = RuleMeta {
    code: "KP301",
    name: "missing-sid",
    severity: Severity::Info,
    applies: Applies::Both,
    summary: "A statement without `Sid`",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A statement with no `Sid`.

## Why

Sids make diagnostics, reviews, suppressions and Access Analyzer findings readable.

## Example

Bad:

```json
{"Effect": "Allow", ...}
```

Good:

```json
{"Sid": "KeyUsersViaS3", "Effect": "Allow", ...}
```
"#;

impl Rule for MissingSid {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            if st.member("Sid").is_none() && matches!(st.node.value, Value::Object(_)) {
                let span = Span::new(st.node.span.start, st.node.span.start + 1);
                out.push(
                    cx.finding(&META, span, format!("statement {} has no `Sid`", st.index))
                        .help("add a `Sid` that says what the statement is for"),
                );
            }
        }
    }
}
