//! KP014 `key-id-not-arn`: a key ID, `alias/name` or alias ARN where an identity policy needs a key ARN
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP014`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP014: A key ID, `alias/name` or alias ARN where an identity policy needs a key ARN
pub(crate) struct KeyIdNotArn;

static META: RuleMeta = RuleMeta {
    code: "KP014",
    name: "key-id-not-arn",
    severity: Severity::Error,
    applies: Applies::Identity,
    summary: "A key ID, `alias/name` or alias ARN where an identity policy needs a key ARN",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

In an identity policy, a `Resource` entry for key actions (Decrypt, DescribeKey, ScheduleKeyDeletion, …) written as a bare key ID (`1234abcd-…`, `mrk-…`), as `key/…` or `alias/…` without the ARN head, or as an alias ARN when none of the statement's actions is an alias action. (An alias ARN next to alias actions such as `kms:UpdateAlias` is reported by KP221 instead.) Reported in place of the generic KP013 for such entries.

## Why

IAM matches `Resource` against the key's ARN. A key ID or alias name never matches anything, and an alias ARN authorises the alias, not the key behind it, so the statement grants nothing for those actions.

## Example

Bad:

```json
{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "1234abcd-12ab-34cd-56ef-1234567890ab"}
```

Good:

```json
{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}
```
"#;

impl Rule for KeyIdNotArn {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let actions = written_kms_actions(cx, st);
            if !actions.iter().any(|a| a.on_key) {
                continue;
            }
            let alias_actions = actions.iter().any(|a| a.on_alias);
            for (text, span) in st.strings_of("Resource") {
                let what = match key_reference(text) {
                    Some(KeyRef::KeyId) => "a key ID",
                    Some(KeyRef::KeyPath) => "a key path without the ARN head",
                    Some(KeyRef::AliasName) => "an alias name",
                    Some(KeyRef::AliasArn) if !alias_actions => "an alias ARN",
                    _ => continue,
                };
                let f = cx
                    .finding(
                        &META,
                        span,
                        format!("`{text}` is {what}; IAM policies name keys by key ARN"),
                    )
                    .help("write the key ARN: `arn:aws:kms:REGION:ACCOUNT:key/KEY-ID`");
                let f = if key_reference(text) == Some(KeyRef::AliasArn) {
                    f.note("an alias ARN authorises the alias, not the key; to allow use through an alias, test `kms:RequestAlias` or `kms:ResourceAliases` on the key ARN")
                } else {
                    f.note("this entry never matches a request")
                };
                out.push(f);
            }
        }
    }
}
