//! KP015 `invalid-operator`: an unknown condition operator or qualifier
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP015`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP015: An unknown condition operator or qualifier
pub(crate) struct InvalidOperator;

static META: RuleMeta = RuleMeta {
    code: "KP015",
    name: "invalid-operator",
    severity: Severity::Error,
    applies: Applies::Both,
    summary: "An unknown condition operator or qualifier",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A condition operator that does not exist (`StringEqualz`), or a misspelt set qualifier (`ForAnyValues:`). Reported by the policy reader while lowering the document; this entry carries its documentation.

## Why

AWS rejects the policy.

## Example

Bad:

```json
"StringEqualz": {"kms:CallerAccount": "111122223333"}
```

Good:

```json
"StringEquals": {"kms:CallerAccount": "111122223333"}
```
"#;

impl Rule for InvalidOperator {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
