//! KP006 `invalid-effect`: `Effect` is not exactly `Allow` or `Deny`
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP006`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP006: `Effect` is not exactly `Allow` or `Deny`
pub(crate) struct InvalidEffect;

static META: RuleMeta = RuleMeta {
    code: "KP006",
    name: "invalid-effect",
    severity: Severity::Error,
    applies: Applies::Both,
    summary: "`Effect` is not exactly `Allow` or `Deny`",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

`Effect` with any other value, including a different case such as `allow`. Reported by the policy reader while lowering the document; this entry carries its documentation.

## Why

AWS rejects the policy.

## Example

Bad:

```json
"Effect": "allow"
```

Good:

```json
"Effect": "Allow"
```
"#;

impl Rule for InvalidEffect {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
