//! KP405 `key-deletion-on-stack-delete`: an `AWS::KMS::Key` without `DeletionPolicy: Retain` and `UpdateReplacePolicy: Retain`
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP405`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP405: An `AWS::KMS::Key` without `DeletionPolicy: Retain` and `UpdateReplacePolicy: Retain`
pub(crate) struct KeyDeletionOnStackDelete;

static META: RuleMeta = RuleMeta {
    code: "KP405",
    name: "key-deletion-on-stack-delete",
    severity: Severity::Warning,
    applies: Applies::KeyResource,
    summary:
        "An `AWS::KMS::Key` without `DeletionPolicy: Retain` and `UpdateReplacePolicy: Retain`",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A CloudFormation key resource whose `DeletionPolicy` or `UpdateReplacePolicy` is not `Retain`.

## Why

Deleting the stack, or a replacement during an update, schedules the key for deletion — and the data encrypted under it becomes unreadable.

## Example

Bad:

```json
AppKey:
  Type: AWS::KMS::Key
```

Good:

```json
AppKey:
  Type: AWS::KMS::Key
  DeletionPolicy: Retain
  UpdateReplacePolicy: Retain
```
"#;

impl Rule for KeyDeletionOnStackDelete {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_key(&self, cx: &KeyCx<'_>, out: &mut Vec<Finding>) {
        let key = cx.key;
        if !key.cloudformation {
            return;
        }
        for (name, value) in [
            ("DeletionPolicy", &key.deletion_policy),
            ("UpdateReplacePolicy", &key.update_replace_policy),
        ] {
            match value {
                Some((v, _)) if v == "Retain" => {}
                Some((v, span)) => out.push(
                    cx.finding(
                        &META,
                        *span,
                        format!("`{name}: {v}` deletes the key with the stack"),
                    )
                    .help(format!("set `{name}: Retain`")),
                ),
                None => out.push(
                    cx.finding(
                        &META,
                        key.span,
                        format!("`{}` has no `{name}: Retain`", key.host),
                    )
                    .help(format!("set `{name}: Retain`")),
                ),
            }
        }
    }
}
