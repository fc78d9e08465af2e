//! KP101 `public-key-policy`: an `Allow` to every principal (`"*"`) with no condition at all
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP101`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP101: An `Allow` to every principal (`"*"`) with no condition at all
pub(crate) struct PublicKeyPolicy;

static META: RuleMeta = RuleMeta {
    code: "KP101",
    name: "public-key-policy",
    severity: Severity::Error,
    applies: Applies::Key,
    summary: "An `Allow` to every principal (`\"*\"`) with no condition at all",
    doc: DOC,
    security_severity: Some("9.5"),
};

const DOC: &str = r#"## What

A key-policy `Allow` statement whose principal is `"*"` or `{"AWS": "*"}` (alone or in a list) and that has no `Condition`. The rule asks the evaluator whether an identity in an unrelated account, given an IAM allow in its own account, can be allowed an action of the statement; it reports only when it can.

## Why

Anyone in any AWS account can use (or manage) the key: they only need an IAM policy in their own account, which they control.

## Example

Bad:

```json
{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*"}
```

Good:

```json
{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*",
 "Condition": {"StringEquals": {"kms:CallerAccount": "111122223333"}}}
```
"#;

impl Rule for PublicKeyPolicy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            if let Some(f) = exposure(cx, st) {
                if f.conditioned == CONDITIONED {
                    out.push(report(cx, st, &f, &META));
                }
            }
        }
    }
}

use super::kp102_condition_does_not_bind_caller::{exposure, report};

const CONDITIONED: bool = false;
