//! KP018 `multiple-bool-values`: several values for a `Bool` key
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP018`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP018: Several values for a `Bool` key
pub(crate) struct MultipleBoolValues;

static META: RuleMeta = RuleMeta {
    code: "KP018",
    name: "multiple-bool-values",
    severity: Severity::Error,
    applies: Applies::Both,
    summary: "Several values for a `Bool` key",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A `Bool` condition with more than one value. Reported by the policy reader while lowering the document; this entry carries its documentation.

## Why

AWS rejects it: a boolean key has one value, so a list is meaningless.

## Example

Bad:

```json
"Bool": {"aws:SecureTransport": ["true", "false"]}
```

Good:

```json
"Bool": {"aws:SecureTransport": "true"}
```
"#;

impl Rule for MultipleBoolValues {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
