//! KP023 `stale-principal-id`: a principal written as a unique ID (`AROA…`, `AIDA…`)
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP023`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP023: A principal written as a unique ID (`AROA…`, `AIDA…`)
pub(crate) struct StalePrincipalId;

static META: RuleMeta = RuleMeta {
    code: "KP023",
    name: "stale-principal-id",
    severity: Severity::Warning,
    applies: Applies::Key,
    summary: "A principal written as a unique ID (`AROA…`, `AIDA…`)",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

An `AWS` principal that is a role or user unique ID instead of an ARN.

## Why

KMS shows a unique ID where a principal has been deleted; recreating a role with the same name does not restore its access, and `PutKeyPolicy` demands principals that exist.

## Example

Bad:

```json
"Principal": {"AWS": "AROAEXAMPLEID1234567"}
```

Good:

```json
"Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}
```
"#;

impl Rule for StalePrincipalId {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            for (v, span) in principal_values(st, ast) {
                if let (PrincipalValue::UniqueId(id), Some(span)) = (v, span) {
                    out.push(
                        cx.finding(&META, span, format!("principal `{id}` is a unique ID, not an ARN"))
                            .help("this is how KMS shows a deleted role or user: name the current role ARN or remove the entry"),
                    );
                }
            }
        }
    }
}
