//! KP115 `kms-star-in-identity-policy`: identity policy allows `kms:*`
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP115`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP115: Identity policy allows `kms:*`
pub(crate) struct KmsStarInIdentityPolicy;

static META: RuleMeta = RuleMeta {
    code: "KP115",
    name: "kms-star-in-identity-policy",
    severity: Severity::Warning,
    applies: Applies::Identity,
    summary: "Identity policy allows `kms:*`",
    doc: DOC,
    security_severity: Some("6.0"),
};

const DOC: &str = r#"## What

An identity-policy `Allow` whose actions cover every KMS action (`kms:*` or `*`), on any resource.

## Why

Full control — including `PutKeyPolicy` and `ScheduleKeyDeletion` — over every key the identity can reach.

## Example

Bad:

```json
{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}
```

Good:

```json
{"Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": "arn:aws:kms:us-east-1:111122223333:key/*"}
```
"#;

impl Rule for KmsStarInIdentityPolicy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            if ast.effect == Effect::Allow
                && kms_actions(cx.catalog, ast).len() == cx.catalog.actions.len()
            {
                let span = ast.action.as_ref().map_or(st.node.span, |a| a.span);
                out.push(
                    cx.finding(&META, span, "identity policy allows every KMS action")
                        .help("list the KMS actions the identity needs"),
                );
            }
        }
    }
}
