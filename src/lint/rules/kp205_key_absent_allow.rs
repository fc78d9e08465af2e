//! KP205 `key-absent-allow`: an `Allow` conditioned on a KMS key that some of its actions never supply
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP205`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP205: An `Allow` conditioned on a KMS key that some of its actions never supply
pub(crate) struct KeyAbsentAllow;

static META: RuleMeta = RuleMeta {
    code: "KP205",
    name: "key-absent-allow",
    severity: Severity::Warning,
    applies: Applies::Both,
    summary: "An `Allow` conditioned on a KMS key that some of its actions never supply",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

In an `Allow`, a positive condition (no `IfExists`, not negated) on a `kms:` key that some of the statement's actions never put in the request (for example `kms:EncryptionContext:<k>` with `kms:DescribeKey`, or `kms:GrantIsForAWSResource` with `kms:Decrypt`). Uses the catalogue's action → condition-key table.

## Why

For those actions the statement silently grants nothing.

## Example

Bad:

```json
{"Effect": "Allow", "Action": ["kms:Decrypt", "kms:DescribeKey"], "Condition": {"StringEquals": {"kms:EncryptionContext:app": "x"}}}
```

Good:

```json
{"Effect": "Allow", "Action": "kms:Decrypt", "Condition": {"StringEquals": {"kms:EncryptionContext:app": "x"}}},
{"Effect": "Allow", "Action": "kms:DescribeKey"}
```
"#;

impl Rule for KeyAbsentAllow {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for (c, missing) in absent_keys(cx, Effect::Allow) {
            let shown: Vec<&str> = missing.iter().take(4).map(String::as_str).collect();
            out.push(
                cx.finding(&META, c.key_span, format!(
                    "`{}` is never present for {} of the statement's actions, so this Allow grants them nothing",
                    c.key,
                    missing.len()
                ))
                .note(format!("for example: {}", shown.join(", ")))
                .help(HELP),
            );
        }
    }
}

const HELP: &str =
    "split the statement so that the condition applies only to actions that supply the key";
