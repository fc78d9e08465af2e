//! KP005 `missing-element`: a statement lacks `Effect`, `Action`, `Resource` or (in a key policy) `Principal`
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP005`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP005: A statement lacks `Effect`, `Action`, `Resource` or (in a key policy) `Principal`
pub(crate) struct MissingElement;

static META: RuleMeta = RuleMeta {
    code: "KP005",
    name: "missing-element",
    severity: Severity::Error,
    applies: Applies::Both,
    summary: "A statement lacks `Effect`, `Action`, `Resource` or (in a key policy) `Principal`",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A statement without `Effect`, without `Action`/`NotAction`, without `Resource`/`NotResource`, or a key-policy statement without `Principal`. KMS accepts a key-policy statement that has no `Resource` (or no `Action`) but that statement then matches nothing; this rule reports it too.

## Why

AWS rejects the statement, or — for the key-policy case — silently ignores it, so the access it seems to give does not exist.

## Example

Bad:

```json
{"Sid": "Users", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"},
 "Action": "kms:Decrypt"}
```

Good:

```json
{"Sid": "Users", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"},
 "Action": "kms:Decrypt", "Resource": "*"}
```
"#;

impl Rule for MissingElement {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        if cx.doc.kind != LintKind::Key {
            return;
        }
        for st in &cx.statements {
            for (name, not_name) in [("Resource", "NotResource"), ("Action", "NotAction")] {
                if st.member(name).is_none()
                    && st.member(not_name).is_none()
                    && st.member("Effect").is_some()
                {
                    let span = st.member("Effect").map_or(st.node.span, |m| m.key_span);
                    out.push(
                        cx.finding(
                            &META,
                            span,
                            format!("key-policy statement has no `{name}`: KMS accepts it but the statement has no effect"),
                        )
                        .help(if name == "Resource" {
                            "add `\"Resource\": \"*\"` (in a key policy `*` means this key)"
                        } else {
                            "add the `Action` the statement is meant to allow or deny"
                        }),
                    );
                }
            }
        }
    }
}
