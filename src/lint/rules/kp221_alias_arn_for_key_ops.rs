//! KP221 `alias-arn-for-key-ops`: an alias ARN as `Resource` for actions that are authorised on the key
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP221`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP221: An alias ARN as `Resource` for actions that are authorised on the key
pub(crate) struct AliasArnForKeyOps;

static META: RuleMeta = RuleMeta {
    code: "KP221",
    name: "alias-arn-for-key-ops",
    severity: Severity::Warning,
    applies: Applies::Identity,
    summary: "An alias ARN as `Resource` for actions that are authorised on the key",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

An identity-policy statement that mixes alias actions (`kms:CreateAlias`, `kms:UpdateAlias`, `kms:DeleteAlias`) with actions authorised only on the key (Decrypt, Encrypt, DescribeKey, …) and lists an alias ARN in `Resource`. (When the statement has no alias action at all, KP014 reports the alias ARN as an error.)

## Why

An alias ARN authorises the alias, not the key behind it: the alias actions work, but every key action of the statement is denied.

## Example

Bad:

```json
{"Effect": "Allow", "Action": ["kms:UpdateAlias", "kms:DescribeKey"], "Resource": "arn:aws:kms:us-east-1:111122223333:alias/app"}
```

Good:

```json
{"Effect": "Allow", "Action": "kms:UpdateAlias", "Resource": ["arn:aws:kms:us-east-1:111122223333:alias/app", "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"]},
{"Effect": "Allow", "Action": "kms:DescribeKey", "Resource": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}
```
"#;

impl Rule for AliasArnForKeyOps {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let actions = written_kms_actions(cx, st);
            if !actions.iter().any(|a| a.on_alias) {
                continue;
            }
            let key_only: Vec<String> = actions
                .iter()
                .filter(|a| a.on_key && !a.on_alias)
                .map(|a| a.name.clone())
                .collect();
            if key_only.is_empty() {
                continue;
            }
            for (text, span) in st.strings_of("Resource") {
                if key_reference(text) != Some(KeyRef::AliasArn) {
                    continue;
                }
                out.push(
                    cx.finding(
                        &META,
                        span,
                        format!(
                            "alias ARN `{text}` authorises the alias, not the key, for {}",
                            list_actions(&key_only, 3)
                        ),
                    )
                    .help("list the key ARN for the key actions, or test `kms:RequestAlias`/`kms:ResourceAliases` on the key ARN"),
                );
            }
        }
    }
}
