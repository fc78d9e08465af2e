//! KP203 `missing-set-qualifier`: a multi-valued key without `ForAnyValue:`/`ForAllValues:`
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP203`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP203: A multi-valued key without `ForAnyValue:`/`ForAllValues:`
pub(crate) struct MissingSetQualifier;

static META: RuleMeta = RuleMeta {
    code: "KP203",
    name: "missing-set-qualifier",
    severity: Severity::Error,
    applies: Applies::Both,
    summary: "A multi-valued key without `ForAnyValue:`/`ForAllValues:`",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A multi-valued key (`kms:EncryptionContextKeys`, `kms:GrantOperations`, `kms:ResourceAliases`, `aws:TagKeys`, `aws:PrincipalOrgPaths`, …) compared without a set qualifier (`Null` excepted).

## Why

Whether any or all of the values must match is left unstated; Access Analyzer treats such a condition as not working as intended.

## Example

Bad:

```json
"StringEquals": {"kms:GrantOperations": ["Decrypt"]}
```

Good:

```json
"ForAllValues:StringEquals": {"kms:GrantOperations": ["Decrypt"]}
```
"#;

impl Rule for MissingSetQualifier {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            for c in conditions(ast) {
                if c.operator.set != SetOp::None || c.operator.base == BaseOp::Null {
                    continue;
                }
                if cx.catalog.key(&c.key).is_some_and(|i| i.multi_valued()) {
                    out.push(
                        cx.finding(
                            &META,
                            c.operator_span,
                            format!(
                                "multi-valued key `{}` under `{}` without a set qualifier",
                                c.key, c.operator_text
                            ),
                        )
                        .help(format!(
                            "write `ForAnyValue:{0}` or `ForAllValues:{0}`",
                            c.operator_text
                        )),
                    );
                }
            }
        }
    }
}
