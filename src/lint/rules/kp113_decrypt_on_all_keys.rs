//! KP113 `decrypt-on-all-keys`: identity policy allows `kms:Decrypt`/`kms:ReEncryptFrom` on every key
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP113`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP113: Identity policy allows `kms:Decrypt`/`kms:ReEncryptFrom` on every key
pub(crate) struct DecryptOnAllKeys;

static META: RuleMeta = RuleMeta {
    code: "KP113",
    name: "decrypt-on-all-keys",
    severity: Severity::Warning,
    applies: Applies::Identity,
    summary: "Identity policy allows `kms:Decrypt`/`kms:ReEncryptFrom` on every key",
    doc: DOC,
    security_severity: Some("7.5"),
};

const DOC: &str = r#"## What

An identity-policy `Allow` covering `kms:Decrypt` or `kms:ReEncryptFrom` (directly or through a wildcard such as `kms:*` or `kms:*crypt*`) on `"*"` or `arn:aws:kms:*:*:key/*`. Conditions are listed as a note. Never applied to key policies.

## Why

The identity can decrypt with any key of any account whose key policy trusts its account.

## Example

Bad:

```json
{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}
```

Good:

```json
{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}
```
"#;

impl Rule for DecryptOnAllKeys {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            if ast.effect != Effect::Allow {
                continue;
            }
            let decrypt: Vec<String> = kms_actions(cx.catalog, ast)
                .into_iter()
                .filter(|a| Catalog::in_list(&cx.catalog.tables.decrypt_capable_actions, &a.name))
                .map(|a| format!("kms:{}", a.name))
                .collect();
            if decrypt.is_empty() {
                continue;
            }
            let Some(res) = &ast.resource else { continue };
            let all = res.negated
                || res.patterns.items.iter().any(|p| {
                    let t = p.text.to_ascii_lowercase();
                    t == "*" || t.starts_with("arn:aws:kms:*:*:") || t == "arn:aws:kms:*:*:key/*"
                });
            if !all {
                continue;
            }
            let mut f = cx
                .finding(
                    &META,
                    res.span,
                    format!("{} allowed on every key", decrypt.join(" and ")),
                )
                .help("list the key ARNs (or at least `arn:aws:kms:REGION:ACCOUNT:key/*`)");
            if ast.conditions.is_some() {
                f = f.note("the statement has conditions; review whether they limit the keys");
            }
            out.push(f);
        }
    }
}
