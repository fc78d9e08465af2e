//! KP017 `value-type-mismatch`: a condition value that cannot be read for its operator
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP017`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP017: A condition value that cannot be read for its operator
pub(crate) struct ValueTypeMismatch;

static META: RuleMeta = RuleMeta {
    code: "KP017",
    name: "value-type-mismatch",
    severity: Severity::Warning,
    applies: Applies::Both,
    summary: "A condition value that cannot be read for its operator",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A value that the operator cannot parse: a number that is not a number for `Numeric*`, a date for `Date*`, an IP or CIDR for `IpAddress`, a boolean for `Bool`. Reported by the policy reader while lowering the document; this entry carries its documentation. (Operator-family versus key-type checks are not implemented yet.)

## Why

The comparison is always false, or the policy is rejected.

## Example

Bad:

```json
"NumericLessThan": {"kms:ScheduleKeyDeletionPendingWindowInDays": "thirty"}
```

Good:

```json
"NumericLessThan": {"kms:ScheduleKeyDeletionPendingWindowInDays": "30"}
```
"#;

impl Rule for ValueTypeMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
