//! KP108 `destructive-to-users`: a key user can also delete, disable or re-police the key
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP108`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP108: A key user can also delete, disable or re-police the key
pub(crate) struct DestructiveToUsers;

static META: RuleMeta = RuleMeta {
    code: "KP108",
    name: "destructive-to-users",
    severity: Severity::Warning,
    applies: Applies::Key,
    summary: "A key user can also delete, disable or re-police the key",
    doc: DOC,
    security_severity: Some("6.0"),
};

const DOC: &str = r#"## What

A principal of the key's account that otherwise only uses the key (cryptographic actions, reads, constrained grants) is also given `kms:ScheduleKeyDeletion`, `kms:DisableKey`, `kms:DeleteImportedKeyMaterial` or `kms:PutKeyPolicy`. Principals of other accounts are left to KP105, because KMS never honours these actions across accounts; principals that also administer the key are KP107's.

## Why

Whoever can schedule the key's deletion, disable it, delete its imported material or rewrite its policy can make every ciphertext under it unreadable: a ransom or denial-of-service lever in the hands of an application role.

## Example

Bad:

```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": ["kms:Decrypt", "kms:ScheduleKeyDeletion"], "Resource": "*"}
```

Good:

```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "kms:Decrypt", "Resource": "*"}
```
"#;

impl Rule for DestructiveToUsers {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        let key_account = cx.key_account();
        for g in grants_by_principal(cx) {
            if g.all_in_one
                || !g.admin.is_empty()
                || g.crypto.is_empty()
                || g.destructive.is_empty()
            {
                continue;
            }
            let external = matches!(
                (principal_account(g.value), key_account.as_deref()),
                (Some(a), Some(k)) if a != k
            );
            if external {
                continue;
            }
            let Some(span) = g.destructive_span else {
                continue;
            };
            out.push(
                cx.finding(
                    &META,
                    span,
                    format!(
                        "key user `{}` can also {}",
                        g.text,
                        list_actions(&g.destructive, 4)
                    ),
                )
                .help("drop the destructive actions from the key user's statement; leave them to the key administrators"),
            );
        }
    }
}
