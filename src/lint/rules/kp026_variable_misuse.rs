//! KP026 `variable-misuse`: malformed `${…}`, or a policy variable where it is not allowed
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP026`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP026: Malformed `${…}`, or a policy variable where it is not allowed
pub(crate) struct VariableMisuse;

static META: RuleMeta = RuleMeta {
    code: "KP026",
    name: "variable-misuse",
    severity: Severity::Error,
    applies: Applies::Both,
    summary: "Malformed `${…}`, or a policy variable where it is not allowed",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A policy variable with a missing brace or an empty name, a variable in a condition key name or in the fixed part of an ARN, or a variable under an operator that does not substitute them (numeric, date, IP). Reported by the policy reader while lowering the document; this entry carries its documentation.

## Why

AWS rejects the policy, or the variable is compared as literal text.

## Example

Bad:

```json
"Action": "kms:${aws:username}"
```

Good:

```json
keep `Action` literal and put the variable in a condition value
```
"#;

impl Rule for VariableMisuse {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
