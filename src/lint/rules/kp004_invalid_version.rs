//! KP004 `invalid-version`: `Version` is neither `2012-10-17` nor `2008-10-17`
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP004`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP004: `Version` is neither `2012-10-17` nor `2008-10-17`
pub(crate) struct InvalidVersion;

static META: RuleMeta = RuleMeta {
    code: "KP004",
    name: "invalid-version",
    severity: Severity::Error,
    applies: Applies::Both,
    summary: "`Version` is neither `2012-10-17` nor `2008-10-17`",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

`Version` with any other value, such as `2012-10-18` or a date in another format. Reported by the policy reader while lowering the document; this entry carries its documentation.

## Why

AWS rejects the policy.

## Example

Bad:

```json
"Version": "2012-10-18"
```

Good:

```json
"Version": "2012-10-17"
```
"#;

impl Rule for InvalidVersion {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
