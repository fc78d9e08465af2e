//! KP104 `cross-account-unconstrained`: an `Allow` to another account's root without a constraining condition
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP104`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP104: An `Allow` to another account's root without a constraining condition
pub(crate) struct CrossAccountUnconstrained;

static META: RuleMeta = RuleMeta {
    code: "KP104",
    name: "cross-account-unconstrained",
    severity: Severity::Warning,
    applies: Applies::Key,
    summary: "An `Allow` to another account's root without a constraining condition",
    doc: DOC,
    security_severity: Some("6.5"),
};

const DOC: &str = r#"## What

A key-policy `Allow` naming another account (`arn:aws:iam::444455556666:root` or the bare id) where the evaluator allows an arbitrary role of that account a cross-account action with a bare request — no calling service, no encryption context, no organization condition in the way. The key's account comes from `--account`, the template, or the policy's own root statement.

## Why

The other account's administrators decide which of their identities get the access, and can pass it to any of them.

## Example

Bad:

```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "kms:Decrypt", "Resource": "*"}
```

Good:

```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:role/Partner"}, "Action": "kms:Decrypt", "Resource": "*",
 "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}}
```
"#;

impl Rule for CrossAccountUnconstrained {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        let (Some(policy), Some(account)) = (cx.policy, cx.key_account()) else {
            return;
        };
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            if ast.effect != Effect::Allow {
                continue;
            }
            for (v, span) in principal_values(st, ast) {
                let (PrincipalValue::Account { account: other, .. }, Some(span)) = (v, span) else {
                    continue;
                };
                if *other == account {
                    continue;
                }
                let caller = format!("arn:aws:iam::{other}:role/kmspolicy-probe");
                let mut only = policy.clone();
                only.statements
                    .retain(|s| s.index == ast.index || s.effect == Effect::Deny);
                let allowed = kms_actions(cx.catalog, ast)
                    .into_iter()
                    .filter(|a| Catalog::in_list(&cx.catalog.tables.cross_account_actions, &a.name))
                    .map(|a| format!("kms:{}", a.name))
                    .find(|a| crate::lint::probe::can(&only, &account, &caller, a, None));
                if let Some(a) = allowed {
                    out.push(
                        cx.finding(&META, span, format!("account {other} can use the key with no constraint"))
                            .help("name the role, and/or add `kms:ViaService`, an encryption-context or `aws:PrincipalOrgID` condition")
                            .note(format!("the evaluator allows `{a}` for any role of {other} that has an IAM allow")),
                    );
                }
            }
        }
    }
}
