//! KP002 `duplicate-json-key`: a member name is repeated inside one JSON object
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP002`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP002: A member name is repeated inside one JSON object
pub(crate) struct DuplicateJsonKey;

static META: RuleMeta = RuleMeta {
    code: "KP002",
    name: "duplicate-json-key",
    severity: Severity::Error,
    applies: Applies::Both,
    summary: "A member name is repeated inside one JSON object",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

Two members with the same name in one object: two `Condition` blocks, two `StringEquals` operators, the same condition key twice, two `Action` members. Reported by the policy reader while lowering the document; this entry carries its documentation.

## Why

JSON decoders keep one of the copies and drop the other without a word, so a constraint disappears and the policy grants more than it reads.

## Example

Bad:

```json
"Condition": {"StringEquals": {"kms:CallerAccount": "111122223333"},
              "StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}
```

Good:

```json
"Condition": {"StringEquals": {"kms:CallerAccount": "111122223333",
                               "kms:ViaService": "s3.us-east-1.amazonaws.com"}}
```
"#;

impl Rule for DuplicateJsonKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
