//! KP305 `wildcard-action-in-user-statement`: a wildcard KMS action in a key-usage statement
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP305`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP305: A wildcard KMS action in a key-usage statement
pub(crate) struct WildcardActionInUserStatement;

static META: RuleMeta = RuleMeta {
    code: "KP305",
    name: "wildcard-action-in-user-statement",
    severity: Severity::Info,
    applies: Applies::Both,
    summary: "A wildcard KMS action in a key-usage statement",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A KMS action pattern with `*` or `?` (`kms:ReEncrypt*`, `kms:GenerateDataKey*`, `kms:Get*`, `kms:*Grant*`, but not `kms:*` itself, which KP106 and KP115 cover) in an `Allow` that grants cryptographic actions and no management action: a statement for key users, not administrators.

## Why

A wildcard also grants actions added to KMS later. `kms:ReEncrypt*` includes the decrypt-capable `kms:ReEncryptFrom`, and `kms:GenerateDataKey*` includes the variants that return plaintext data keys and key pairs. Administrator statements use wildcards on purpose; user statements should say exactly what they need.

## Example

Bad:

```json
"Action": ["kms:Encrypt", "kms:GenerateDataKey*"]
```

Good:

```json
"Action": ["kms:Encrypt", "kms:GenerateDataKey"]
```
"#;

impl Rule for WildcardActionInUserStatement {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        let t = &cx.catalog.tables;
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            if ast.effect != Effect::Allow {
                continue;
            }
            let Some(action) = ast.action.as_ref().filter(|a| !a.negated) else {
                continue;
            };
            let actions = kms_actions(cx.catalog, ast);
            let usage = actions
                .iter()
                .any(|a| Catalog::in_list(&t.crypto_actions, &a.name))
                && !actions
                    .iter()
                    .any(|a| Catalog::in_list(&t.management_actions, &a.name));
            if !usage {
                continue;
            }
            for p in &action.patterns.items {
                let lower = p.text.to_ascii_lowercase();
                if !lower.starts_with("kms:") || !lower.contains(['*', '?']) || lower == "kms:*" {
                    continue;
                }
                let expanded: Vec<String> = cx
                    .catalog
                    .expand(&p.text)
                    .iter()
                    .map(|a| a.name.clone())
                    .collect();
                if expanded.is_empty() {
                    continue;
                }
                let mut f = cx
                    .finding(
                        &META,
                        p.span,
                        format!(
                            "`{}` in a key-user statement grants {} and any action added later",
                            p.text,
                            list_actions(&expanded, 4)
                        ),
                    )
                    .help("list the actions the key users need");
                let decrypt: Vec<String> = expanded
                    .iter()
                    .filter(|n| Catalog::in_list(&t.decrypt_capable_actions, n))
                    .cloned()
                    .collect();
                if !decrypt.is_empty() {
                    f = f.note(format!(
                        "includes the decrypt-capable {}",
                        list_actions(&decrypt, 4)
                    ));
                }
                out.push(f);
            }
        }
    }
}
