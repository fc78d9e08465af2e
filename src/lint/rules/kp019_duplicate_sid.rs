//! KP019 `duplicate-sid`: two statements share a `Sid`
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP019`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP019: Two statements share a `Sid`
pub(crate) struct DuplicateSid;

static META: RuleMeta = RuleMeta {
    code: "KP019",
    name: "duplicate-sid",
    severity: Severity::Warning,
    applies: Applies::Both,
    summary: "Two statements share a `Sid`",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

Two or more statements with the same `Sid`.

## Why

Reviews, suppressions and tools that address statements by `Sid` (including this linter) become ambiguous.

## Example

Bad:

```json
{"Sid": "Use", ...}, {"Sid": "Use", ...}
```

Good:

```json
{"Sid": "Use", ...}, {"Sid": "UseViaS3", ...}
```
"#;

impl Rule for DuplicateSid {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for (i, st) in cx.statements.iter().enumerate() {
            let Some(sid) = st.sid else { continue };
            let Some(first) = cx.statements.iter().take(i).find(|o| o.sid == Some(sid)) else {
                continue;
            };
            let span = st.member("Sid").map_or(st.node.span, |m| m.value.span);
            out.push(
                cx.finding(
                    &META,
                    span,
                    format!("`Sid` `{sid}` is also used by statement {}", first.index),
                )
                .help("give every statement its own Sid"),
            );
        }
    }
}
