//! KP001 `json-syntax`: text is not valid JSON (or YAML for a template)
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP001`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP001: Text is not valid JSON (or YAML for a template)
pub(crate) struct JsonSyntax;

static META: RuleMeta = RuleMeta {
    code: "KP001",
    name: "json-syntax",
    severity: Severity::Error,
    applies: Applies::Both,
    summary: "Text is not valid JSON (or YAML for a template)",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

The policy (or the template or plan holding it) cannot be read: a trailing comma, a comment, an unquoted member name, single quotes, a byte order mark. Reported by the policy reader while lowering the document; this entry carries its documentation.

## Why

Nothing else can be checked, and AWS rejects the document.

## Example

Bad:

```json
{"Version": "2012-10-17", "Statement": [],}
```

Good:

```json
{"Version": "2012-10-17", "Statement": []}
```
"#;

impl Rule for JsonSyntax {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
