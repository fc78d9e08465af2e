//! KP208 `ifexists-redundant`: `IfExists` on a key every action of the statement always supplies
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP208`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP208: `IfExists` on a key every action of the statement always supplies
pub(crate) struct IfexistsRedundant;

static META: RuleMeta = RuleMeta {
    code: "KP208",
    name: "ifexists-redundant",
    severity: Severity::Info,
    applies: Applies::Both,
    summary: "`IfExists` on a key every action of the statement always supplies",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

An `…IfExists` test of a key that is present on every request the statement covers: a global key present on every request (`aws:PrincipalArn`, `aws:SecureTransport`, …) or a KMS key that every listed action always supplies (`kms:CallerAccount`, and the key's own `kms:KeySpec`, `kms:KeyUsage`, `kms:KeyOrigin`, `kms:MultiRegion` on key operations).

## Why

The key is never absent, so `IfExists` changes nothing; it only suggests to the reader that the key might be missing.

## Example

Bad:

```json
"StringEqualsIfExists": {"kms:CallerAccount": "111122223333"}
```

Good:

```json
"StringEquals": {"kms:CallerAccount": "111122223333"}
```
"#;

impl Rule for IfexistsRedundant {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            let actions = kms_actions(cx.catalog, ast);
            for c in conditions(ast) {
                if !c.operator.if_exists || c.operator.base == BaseOp::Null {
                    continue;
                }
                let global = cx
                    .catalog
                    .global_keys
                    .iter()
                    .any(|k| k.always_present && k.matches(&c.key_lower));
                let kms = Catalog::key_in(&cx.catalog.tables.always_present_kms_keys, &c.key)
                    && !actions.is_empty()
                    && actions
                        .iter()
                        .all(|a| cx.catalog.action_supplies(a, &c.key));
                if !global && !kms {
                    continue;
                }
                let plain = Operator {
                    if_exists: false,
                    ..c.operator
                };
                out.push(
                    cx.finding(
                        &META,
                        c.key_span,
                        format!(
                            "`{}` is present on every request this statement covers, so `IfExists` changes nothing",
                            c.key
                        ),
                    )
                    .help(format!("write `{}`", plain.canonical_name())),
                );
            }
        }
    }
}
