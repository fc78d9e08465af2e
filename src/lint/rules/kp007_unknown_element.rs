//! KP007 `unknown-element`: an unknown member at policy or statement level
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP007`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP007: An unknown member at policy or statement level
pub(crate) struct UnknownElement;

static META: RuleMeta = RuleMeta {
    code: "KP007",
    name: "unknown-element",
    severity: Severity::Error,
    applies: Applies::Both,
    summary: "An unknown member at policy or statement level",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A member that the policy grammar does not define, such as `Conditions`, `Actions` or `Principals`. Reported by the policy reader while lowering the document; this entry carries its documentation.

## Why

A misspelt element is not read at all: `Conditions` instead of `Condition` removes the restriction the author meant to add.

## Example

Bad:

```json
"Conditions": {"StringEquals": {"kms:CallerAccount": "111122223333"}}
```

Good:

```json
"Condition": {"StringEquals": {"kms:CallerAccount": "111122223333"}}
```
"#;

impl Rule for UnknownElement {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
