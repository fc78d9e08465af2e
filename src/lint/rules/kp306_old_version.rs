//! KP306 `old-version`: `"Version": "2008-10-17"`
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP306`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP306: `"Version": "2008-10-17"`
pub(crate) struct OldVersion;

static META: RuleMeta = RuleMeta {
    code: "KP306",
    name: "old-version",
    severity: Severity::Info,
    applies: Applies::Both,
    summary: "`\"Version\": \"2008-10-17\"`",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A policy with the old language version.

## Why

Policy variables are not substituted, and KMS documentation uses 2012-10-17.

## Example

Bad:

```json
"Version": "2008-10-17"
```

Good:

```json
"Version": "2012-10-17"
```
"#;

impl Rule for OldVersion {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        let Value::Object(members) = &cx.doc.root.value else {
            return;
        };
        if let Some(m) = members.iter().find(|m| {
            m.key == "Version" && matches!(&m.value.value, Value::String(s) if s == "2008-10-17")
        }) {
            out.push(
                cx.finding(
                    &META,
                    m.value.span,
                    "the policy uses the 2008-10-17 language version",
                )
                .help("use `2012-10-17`"),
            );
        }
    }
}
