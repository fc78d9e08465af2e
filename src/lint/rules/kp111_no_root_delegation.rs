//! KP111 `no-root-delegation`: no statement for the account principal
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP111`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP111: No statement for the account principal
pub(crate) struct NoRootDelegation;

static META: RuleMeta = RuleMeta {
    code: "KP111",
    name: "no-root-delegation",
    severity: Severity::Info,
    applies: Applies::Key,
    summary: "No statement for the account principal",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A key policy with no `Allow` naming the key's own account (`arn:aws:iam::ACCOUNT:root` or the bare id). Without `--account` or a template, the rule only checks that some account principal is named.

## Why

IAM policies in the account cannot grant access to the key, and losing the named administrators strands it.

## Example

Bad:

```json
a policy with only `{"AWS": "arn:aws:iam::111122223333:role/Admin"}` statements
```

Good:

```json
add `{"Sid": "Enable IAM policies", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}`
```
"#;

impl Rule for NoRootDelegation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        let Some(policy) = cx.policy else { return };
        let wanted = cx
            .options
            .account
            .clone()
            .or_else(|| cx.doc.key_account.clone());
        let delegates = policy
            .statements
            .iter()
            .filter(|s| s.effect == Effect::Allow)
            .any(|s| {
                s.principal.as_ref().is_some_and(|p| {
                    !p.negated
                        && p.entries
                            .iter()
                            .flat_map(|e| e.values.items.iter())
                            .any(|v| match v {
                                PrincipalValue::Account { account, .. } => {
                                    wanted.as_ref().is_none_or(|w| w == account)
                                }
                                _ => false,
                            })
                })
            });
        if !delegates {
            let Value::Object(members) = &cx.doc.root.value else {
                return;
            };
            let span = members
                .iter()
                .find(|m| m.key == "Statement")
                .map_or(cx.doc.root.span, |m| m.key_span);
            out.push(
                cx.finding(
                    &META,
                    span,
                    "no statement delegates to the account (`arn:aws:iam::ACCOUNT:root`)",
                )
                .help("add the statement that enables IAM policies for the key's account"),
            );
        }
    }
}
