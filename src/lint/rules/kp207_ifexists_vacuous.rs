//! KP207 `ifexists-vacuous`: `IfExists` on a KMS key that some of the `Allow`'s actions never supply
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP207`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP207: `IfExists` on a KMS key that some of the `Allow`'s actions never supply
pub(crate) struct IfexistsVacuous;

static META: RuleMeta = RuleMeta {
    code: "KP207",
    name: "ifexists-vacuous",
    severity: Severity::Warning,
    applies: Applies::Both,
    summary: "`IfExists` on a KMS key that some of the `Allow`'s actions never supply",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

In an `Allow`, an `…IfExists` test of a `kms:` key that some of the statement's actions never put in the request (for example `kms:EncryptionContext:<k>` with `kms:DescribeKey`). Uses the catalogue's action → condition-key table.

## Why

For those actions the key is always absent, so the test is skipped and the statement grants them unconditionally: broader than it reads.

## Example

Bad:

```json
{"Effect": "Allow", "Action": ["kms:Decrypt", "kms:DescribeKey"], "Condition": {"StringEqualsIfExists": {"kms:EncryptionContext:app": "payments"}}}
```

Good:

```json
{"Effect": "Allow", "Action": "kms:Decrypt", "Condition": {"StringEquals": {"kms:EncryptionContext:app": "payments"}}},
{"Effect": "Allow", "Action": "kms:DescribeKey"}
```
"#;

impl Rule for IfexistsVacuous {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            if ast.effect != Effect::Allow {
                continue;
            }
            let actions = kms_actions(cx.catalog, ast);
            for c in conditions(ast) {
                if !c.operator.if_exists
                    || c.operator.base == BaseOp::Null
                    || !c.key_lower.starts_with("kms:")
                    || cx.catalog.key(&c.key).is_none()
                {
                    continue;
                }
                let missing: Vec<String> = actions
                    .iter()
                    .filter(|a| !cx.catalog.action_supplies(a, &c.key))
                    .map(|a| a.name.clone())
                    .collect();
                if missing.is_empty() {
                    continue;
                }
                out.push(
                    cx.finding(&META, c.key_span, format!(
                        "`{}` is never present for {} of the statement's actions, so `{}` lets them through unconditionally",
                        c.key,
                        missing.len(),
                        c.operator_text
                    ))
                    .note(format!("for example: {}", list_actions(&missing, 4)))
                    .help("split the statement so that the conditioned actions are the ones that supply the key, and drop `IfExists`"),
                );
            }
        }
    }
}
