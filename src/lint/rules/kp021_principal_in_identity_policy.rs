//! KP021 `principal-in-identity-policy`: `Principal` or `NotPrincipal` in an identity policy
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP021`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP021: `Principal` or `NotPrincipal` in an identity policy
pub(crate) struct PrincipalInIdentityPolicy;

static META: RuleMeta = RuleMeta {
    code: "KP021",
    name: "principal-in-identity-policy",
    severity: Severity::Error,
    applies: Applies::Identity,
    summary: "`Principal` or `NotPrincipal` in an identity policy",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

An identity policy statement with a `Principal` or `NotPrincipal` element. Reported by the policy reader while lowering the document; this entry carries its documentation.

## Why

IAM rejects the policy: an identity policy applies to the identity it is attached to.

## Example

Bad:

```json
{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*"}
```

Good:

```json
{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}
```
"#;

impl Rule for PrincipalInIdentityPolicy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
