//! KP223 `resource-star-only-action-scoped`: an action that is authorised only on `"*"`, granted on specific resources
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP223`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP223: An action that is authorised only on `"*"`, granted on specific resources
pub(crate) struct ResourceStarOnlyActionScoped;

static META: RuleMeta = RuleMeta {
    code: "KP223",
    name: "resource-star-only-action-scoped",
    severity: Severity::Warning,
    applies: Applies::Identity,
    summary: "An action that is authorised only on `\"*\"`, granted on specific resources",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

An identity-policy `Allow` listing `kms:CreateKey`, `kms:ListKeys`, `kms:ListAliases`, `kms:GenerateRandom`, `kms:ListRetirableGrants` or a custom-key-store action (an action pattern that covers only such actions) in a statement whose `Resource` has no `"*"`.

## Why

These actions have no resource to authorise against; IAM checks them against `"*"` only, so a statement naming key ARNs never grants them.

## Example

Bad:

```json
{"Effect": "Allow", "Action": ["kms:Decrypt", "kms:ListKeys"], "Resource": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}
```

Good:

```json
{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"},
{"Effect": "Allow", "Action": "kms:ListKeys", "Resource": "*"}
```
"#;

impl Rule for ResourceStarOnlyActionScoped {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        let star_only = &cx.catalog.tables.resource_star_only_actions;
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            if ast.effect != Effect::Allow {
                continue;
            }
            let (Some(action), Some(res)) = (&ast.action, &ast.resource) else {
                continue;
            };
            if action.negated || res.negated || res.patterns.items.iter().any(|p| p.text == "*") {
                continue;
            }
            for p in &action.patterns.items {
                let expanded = cx.catalog.expand(&p.text);
                if expanded.is_empty()
                    || !expanded
                        .iter()
                        .all(|a| Catalog::in_list(star_only, &a.name))
                {
                    continue;
                }
                out.push(
                    cx.finding(
                        &META,
                        p.span,
                        format!("`{}` is authorised only against `\"Resource\": \"*\"`, which this statement does not list", p.text),
                    )
                    .help("move it to a statement with `\"Resource\": \"*\"`"),
                );
            }
        }
    }
}
