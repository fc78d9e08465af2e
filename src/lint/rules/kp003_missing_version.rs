//! KP003 `missing-version`: the policy has no `Version`
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP003`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP003: The policy has no `Version`
pub(crate) struct MissingVersion;

static META: RuleMeta = RuleMeta {
    code: "KP003",
    name: "missing-version",
    severity: Severity::Warning,
    applies: Applies::Both,
    summary: "The policy has no `Version`",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A policy document without a `Version` member.

## Why

Without `"Version": "2012-10-17"` the old grammar applies: policy variables such as `${aws:username}` are read as literal text. KMS documentation always writes 2012-10-17.

## Example

Bad:

```json
{"Statement": [...]}
```

Good:

```json
{"Version": "2012-10-17", "Statement": [...]}
```
"#;

impl Rule for MissingVersion {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        let Value::Object(members) = &cx.doc.root.value else {
            return;
        };
        if members.iter().any(|m| m.key == "Version") {
            return;
        }
        let span = members
            .iter()
            .find(|m| m.key == "Statement")
            .map_or(cx.doc.root.span, |m| m.key_span);
        out.push(
            cx.finding(&META, span, "the policy has no `Version`")
                .help("add `\"Version\": \"2012-10-17\"` so that policy variables work"),
        );
    }
}
