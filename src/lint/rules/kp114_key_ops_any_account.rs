//! KP114 `key-ops-any-account`: identity policy allows key operations on keys of any account
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP114`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP114: Identity policy allows key operations on keys of any account
pub(crate) struct KeyOpsAnyAccount;

static META: RuleMeta = RuleMeta {
    code: "KP114",
    name: "key-ops-any-account",
    severity: Severity::Warning,
    applies: Applies::Identity,
    summary: "Identity policy allows key operations on keys of any account",
    doc: DOC,
    security_severity: Some("5.5"),
};

const DOC: &str = r#"## What

An identity-policy `Allow` of cryptographic operations, grant operations, `kms:DescribeKey` or `kms:GetKeyRotationStatus` on `"*"` or on a KMS ARN pattern whose account is a wildcard (`arn:aws:kms:*:*:key/*`). Actions that only work on `"*"` (`kms:CreateKey`, `kms:ListKeys`, …) are never reported. When the statement also covers `kms:Decrypt` or `kms:ReEncryptFrom` on such a resource, KP113 reports it instead.

## Why

The identity can use every key in any account whose key policy trusts its account, not only its own account's keys.

## Example

Bad:

```json
{"Effect": "Allow", "Action": ["kms:Encrypt", "kms:GenerateDataKey"], "Resource": "arn:aws:kms:*:*:key/*"}
```

Good:

```json
{"Effect": "Allow", "Action": ["kms:Encrypt", "kms:GenerateDataKey"], "Resource": "arn:aws:kms:*:111122223333:key/*"}
```
"#;

impl Rule for KeyOpsAnyAccount {
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
            let Some(res) = ast.resource.as_ref().filter(|r| !r.negated) else {
                continue;
            };
            let Some(any) = res
                .patterns
                .items
                .iter()
                .find(|p| reaches_any_account(&p.text))
            else {
                continue;
            };
            let actions = kms_actions(cx.catalog, ast);
            // KP113's case: decrypt-capable actions on every key.
            let kp113 = actions
                .iter()
                .any(|a| Catalog::in_list(&t.decrypt_capable_actions, &a.name))
                && res.patterns.items.iter().any(|p| {
                    let l = p.text.to_ascii_lowercase();
                    l == "*" || l.starts_with("arn:aws:kms:*:*:")
                });
            if kp113 {
                continue;
            }
            let reached: Vec<String> = actions
                .iter()
                .filter(|a| {
                    (Catalog::in_list(&t.crypto_actions, &a.name)
                        || Catalog::in_list(&t.grant_actions, &a.name)
                        || a.name == "DescribeKey"
                        || a.name == "GetKeyRotationStatus")
                        && !Catalog::in_list(&t.resource_star_only_actions, &a.name)
                })
                .map(|a| a.name.clone())
                .collect();
            if reached.is_empty() {
                continue;
            }
            out.push(
                cx.finding(
                    &META,
                    any.span,
                    format!(
                        "{} allowed on keys of every account",
                        list_actions(&reached, 3)
                    ),
                )
                .note("keys of other accounts whose key policies trust this account are reachable too")
                .help("name the account in the key ARN pattern: `arn:aws:kms:REGION:ACCOUNT:key/*`, or list the key ARNs"),
            );
        }
    }
}
