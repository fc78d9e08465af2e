//! KP107 `admin-and-user-mixed`: one principal is both a key administrator and a key user
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP107`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP107: One principal is both a key administrator and a key user
pub(crate) struct AdminAndUserMixed;

static META: RuleMeta = RuleMeta {
    code: "KP107",
    name: "admin-and-user-mixed",
    severity: Severity::Warning,
    applies: Applies::Key,
    summary: "One principal is both a key administrator and a key user",
    doc: DOC,
    security_severity: Some("4.0"),
};

const DOC: &str = r#"## What

A role, user or service that the key policy gives both administration (management actions such as `kms:EnableKey`, `kms:TagResource`, `kms:CreateAlias`, or `kms:CreateGrant` without `kms:GrantIsForAWSResource`) and cryptographic actions, in one statement or across several. The account principal is exempt; a principal given every KMS action in one statement is reported by KP106 instead, and one whose only management actions are destructive by KP108.

## Why

Key administrators and key users are meant to be different people: an administrator who can also decrypt can change the policy or mint grants and read every ciphertext without anyone else taking part.

## Example

Bad:

```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/Ops"}, "Action": ["kms:Create*", "kms:Enable*", "kms:Put*", "kms:Decrypt"], "Resource": "*"}
```

Good:

```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/KeyAdmin"}, "Action": ["kms:Create*", "kms:Enable*", "kms:Put*"], "Resource": "*"},
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "kms:Decrypt", "Resource": "*"}
```
"#;

impl Rule for AdminAndUserMixed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for g in grants_by_principal(cx) {
            if g.all_in_one || g.admin.is_empty() || g.crypto.is_empty() {
                continue;
            }
            let Some(span) = g.admin_span else { continue };
            let mut f = cx
                .finding(
                    &META,
                    span,
                    format!(
                        "`{}` is both a key administrator ({}) and a key user ({})",
                        g.text,
                        list_actions(&g.admin, 3),
                        list_actions(&g.crypto, 3)
                    ),
                )
                .help("give administration and use of the key to different principals, in separate statements");
            if let Some(c) = g.crypto_span.filter(|c| *c != span) {
                f.labels
                    .push(cx.label(c, "the same principal as a key user"));
            }
            out.push(f);
        }
    }
}
