//! KP404 `implicit-default-policy`: a key without an explicit key policy
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP404`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP404: A key without an explicit key policy
pub(crate) struct ImplicitDefaultPolicy;

static META: RuleMeta = RuleMeta {
    code: "KP404",
    name: "implicit-default-policy",
    severity: Severity::Info,
    applies: Applies::KeyResource,
    summary: "A key without an explicit key policy",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A key with no `KeyPolicy` (CloudFormation) or no `policy` and no `aws_kms_key_policy` in the plan (Terraform).

## Why

The default policy (account root, `kms:*`) applies; the intended access is not written down where reviewers can see it.

## Example

Bad:

```json
an `AWS::KMS::Key` without `KeyPolicy`
```

Good:

```json
add a `KeyPolicy`
```
"#;

impl Rule for ImplicitDefaultPolicy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_key(&self, cx: &KeyCx<'_>, out: &mut Vec<Finding>) {
        let key = cx.key;
        if !key.has_policy {
            out.push(
                cx.finding(
                    &META,
                    key.span,
                    format!("`{}` has no explicit key policy", key.host),
                )
                .help("write the key policy so that its access can be reviewed"),
            );
        }
    }
}
