//! KP008 `wrong-json-type`: an element has the wrong JSON type or shape
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP008`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP008: An element has the wrong JSON type or shape
pub(crate) struct WrongJsonType;

static META: RuleMeta = RuleMeta {
    code: "KP008",
    name: "wrong-json-type",
    severity: Severity::Error,
    applies: Applies::Both,
    summary: "An element has the wrong JSON type or shape",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

An element whose JSON type is not allowed: an object for `Action`, a number for `Effect`, a nested object as a condition value, a statement that is not an object. Reported by the policy reader while lowering the document; this entry carries its documentation.

## Why

AWS rejects the policy, or a tool that coerces the value reads something else than AWS.

## Example

Bad:

```json
"Action": {"kms": "Decrypt"}
```

Good:

```json
"Action": "kms:Decrypt"
```
"#;

impl Rule for WrongJsonType {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
