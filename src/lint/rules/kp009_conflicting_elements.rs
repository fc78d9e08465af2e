//! KP009 `conflicting-elements`: `Action` with `NotAction`, `Resource` with `NotResource`, or `Principal` with `NotPrincipal`
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP009`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP009: `Action` with `NotAction`, `Resource` with `NotResource`, or `Principal` with `NotPrincipal`
pub(crate) struct ConflictingElements;

static META: RuleMeta = RuleMeta {
    code: "KP009",
    name: "conflicting-elements",
    severity: Severity::Error,
    applies: Applies::Both,
    summary: "`Action` with `NotAction`, `Resource` with `NotResource`, or `Principal` with `NotPrincipal`",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A statement that contains both members of an exclusive pair. Reported by the policy reader while lowering the document; this entry carries its documentation.

## Why

AWS rejects the policy.

## Example

Bad:

```json
"Action": "kms:Decrypt", "NotAction": "kms:Encrypt"
```

Good:

```json
"Action": "kms:Decrypt"
```
"#;

impl Rule for ConflictingElements {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
