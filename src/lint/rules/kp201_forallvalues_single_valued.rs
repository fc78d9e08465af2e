//! KP201 `forallvalues-single-valued`: `ForAllValues:` on a single-valued condition key
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP201`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP201: `ForAllValues:` on a single-valued condition key
pub(crate) struct ForallvaluesSingleValued;

static META: RuleMeta = RuleMeta {
    code: "KP201",
    name: "forallvalues-single-valued",
    severity: Severity::Warning,
    applies: Applies::Both,
    summary: "`ForAllValues:` on a single-valued condition key",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

`ForAllValues:` with a key that has one value per request (`kms:EncryptionContext:<k>`, `kms:CallerAccount`, `kms:ViaService`, `aws:PrincipalOrgID`, …). Error for `kms:EncryptionContext:*` and `aws:RequestTag/*`, which KMS rejects in key policies (`OverlyPermissiveCondition`); warning otherwise.

## Why

`ForAllValues` is true when the key is absent, so an `Allow` with it matches requests that carry no value at all.

## Example

Bad:

```json
"ForAllValues:StringEquals": {"kms:EncryptionContext:Dept": "IT"}
```

Good:

```json
"StringEquals": {"kms:EncryptionContext:Dept": "IT"}
```
"#;

impl Rule for ForallvaluesSingleValued {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            for c in conditions(ast) {
                if c.operator.set != SetOp::ForAllValues {
                    continue;
                }
                let Some(info) = cx.catalog.key(&c.key) else {
                    continue;
                };
                if info.multi_valued() {
                    continue;
                }
                let hard = c.key_lower.starts_with("kms:encryptioncontext:")
                    || c.key_lower.starts_with("aws:requesttag/");
                let mut f = cx
                    .finding(
                        &META,
                        c.operator_span,
                        format!("`{}` on single-valued key `{}`", c.operator_text, c.key),
                    )
                    .help("drop the `ForAllValues:` qualifier")
                    .note("ForAllValues is true when the request has no value for the key");
                if hard {
                    f = f
                        .severity(Severity::Error)
                        .note("KMS rejects this combination (OverlyPermissiveCondition)");
                }
                out.push(f);
            }
        }
    }
}
