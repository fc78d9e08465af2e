//! KP105 `cross-account-admin-ineffective`: an external principal granted actions KMS never honours across accounts
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP105`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP105: An external principal granted actions KMS never honours across accounts
pub(crate) struct CrossAccountAdminIneffective;

static META: RuleMeta = RuleMeta {
    code: "KP105",
    name: "cross-account-admin-ineffective",
    severity: Severity::Warning,
    applies: Applies::Key,
    summary: "An external principal granted actions KMS never honours across accounts",
    doc: DOC,
    security_severity: Some("4.0"),
};

const DOC: &str = r#"## What

A key-policy `Allow` to a principal of another account that includes actions outside the cross-account list (for example `kms:PutKeyPolicy`, `kms:ScheduleKeyDeletion`, `kms:TagResource` through `kms:*`).

## Why

Those grants are dead: KMS ignores them for other accounts. They usually signal a copy-pasted `kms:*` whose real intent is unclear.

## Example

Bad:

```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:role/Partner"}, "Action": "kms:*", "Resource": "*"}
```

Good:

```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:role/Partner"}, "Action": ["kms:Decrypt", "kms:DescribeKey"], "Resource": "*"}
```
"#;

impl Rule for CrossAccountAdminIneffective {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        let Some(account) = cx.key_account() else {
            return;
        };
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            if ast.effect != Effect::Allow {
                continue;
            }
            let dead: Vec<String> = kms_actions(cx.catalog, ast)
                .into_iter()
                .filter(|a| {
                    a.on_key && !Catalog::in_list(&cx.catalog.tables.cross_account_actions, &a.name)
                })
                .map(|a| a.name.clone())
                .collect();
            if dead.is_empty() {
                continue;
            }
            for (v, span) in principal_values(st, ast) {
                let other = match v {
                    PrincipalValue::Account { account, .. }
                    | PrincipalValue::Role { account, .. }
                    | PrincipalValue::User { account, .. } => account,
                    _ => continue,
                };
                if *other == account {
                    continue;
                }
                let Some(span) = span else { continue };
                let shown: Vec<&str> = dead.iter().take(4).map(String::as_str).collect();
                out.push(
                    cx.finding(&META, span, format!("principal of account {other} is granted {} action(s) KMS never allows across accounts", dead.len()))
                        .note(format!("for example {}", shown.join(", ")))
                        .help("grant cryptographic operations and DescribeKey only (plus grant operations with kms:GrantIsForAWSResource)"),
                );
            }
        }
    }
}
