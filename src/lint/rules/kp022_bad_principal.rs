//! KP022 `bad-principal`: an invalid principal: unknown type, wildcard inside an ARN, IAM group, malformed service principal
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP022`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP022: An invalid principal: unknown type, wildcard inside an ARN, IAM group, malformed service principal
pub(crate) struct BadPrincipal;

static META: RuleMeta = RuleMeta {
    code: "KP022",
    name: "bad-principal",
    severity: Severity::Error,
    applies: Applies::Key,
    summary: "An invalid principal: unknown type, wildcard inside an ARN, IAM group, malformed service principal",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A `Principal` entry KMS cannot use: an unknown principal type (`"IAM": …`), a wildcard inside an ARN (`arn:aws:iam::*:root`), an IAM group ARN, a malformed ARN or service principal. Reported by the policy reader while lowering the document; this entry carries its documentation.

## Why

KMS rejects the policy, or the entry never matches anyone (groups are never principals).

## Example

Bad:

```json
"Principal": {"AWS": "arn:aws:iam::111122223333:group/Ops"}
```

Good:

```json
"Principal": {"AWS": "arn:aws:iam::111122223333:role/Ops"}
```
"#;

impl Rule for BadPrincipal {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
