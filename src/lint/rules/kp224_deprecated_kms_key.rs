//! KP224 `deprecated-kms-key`: `kms:CustomerMasterKeySpec` or `kms:CustomerMasterKeyUsage`
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP224`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP224: `kms:CustomerMasterKeySpec` or `kms:CustomerMasterKeyUsage`
pub(crate) struct DeprecatedKmsKey;

static META: RuleMeta = RuleMeta {
    code: "KP224",
    name: "deprecated-kms-key",
    severity: Severity::Info,
    applies: Applies::Both,
    summary: "`kms:CustomerMasterKeySpec` or `kms:CustomerMasterKeyUsage`",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A deprecated KMS condition key.

## Why

The keys were replaced by `kms:KeySpec` and `kms:KeyUsage`.

## Example

Bad:

```json
"StringEquals": {"kms:CustomerMasterKeySpec": "SYMMETRIC_DEFAULT"}
```

Good:

```json
"StringEquals": {"kms:KeySpec": "SYMMETRIC_DEFAULT"}
```
"#;

impl Rule for DeprecatedKmsKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            for c in conditions(ast) {
                if let Some(r) = cx.catalog.deprecated(&c.key) {
                    out.push(
                        cx.finding(&META, c.key_span, format!("`{}` is deprecated", c.key))
                            .help(format!("use `{r}`")),
                    );
                }
            }
        }
    }
}
