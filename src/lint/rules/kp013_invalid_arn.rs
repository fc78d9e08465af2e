//! KP013 `invalid-arn`: a malformed ARN in `Resource`
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP013`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP013: A malformed ARN in `Resource`
pub(crate) struct InvalidArn;

static META: RuleMeta = RuleMeta {
    code: "KP013",
    name: "invalid-arn",
    severity: Severity::Error,
    applies: Applies::Both,
    summary: "A malformed ARN in `Resource`",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A `Resource` entry that is neither `*` nor an ARN, or an ARN with a wildcard in its service. Reported by the policy reader while lowering the document; this entry carries its documentation. (Account, Region and resource-type checks of well-formed ARNs are not implemented yet.)

## Why

The entry never matches, or AWS rejects the policy.

## Example

Bad:

```json
"Resource": "1234abcd-12ab-34cd-56ef-1234567890ab"
```

Good:

```json
"Resource": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
```
"#;

impl Rule for InvalidArn {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
