//! KP220 `key-policy-resource`: a key-policy `Resource` other than `"*"`
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP220`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP220: A key-policy `Resource` other than `"*"`
pub(crate) struct KeyPolicyResource;

static META: RuleMeta = RuleMeta {
    code: "KP220",
    name: "key-policy-resource",
    severity: Severity::Warning,
    applies: Applies::Key,
    summary: "A key-policy `Resource` other than `\"*\"`",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A key-policy statement whose `Resource` is not `"*"`: another key's ARN, an alias ARN, a partial wildcard.

## Why

In a key policy `"*"` already means this key; other values may make the statement inapplicable.

## Example

Bad:

```json
"Resource": "arn:aws:kms:us-east-1:111122223333:alias/app"
```

Good:

```json
"Resource": "*"
```
"#;

impl Rule for KeyPolicyResource {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            for (text, span) in st.strings_of("Resource") {
                if text != "*" {
                    out.push(
                        cx.finding(
                            &META,
                            span,
                            format!("key-policy `Resource` `{text}` is not `*`"),
                        )
                        .help("in a key policy `\"Resource\": \"*\"` means this key"),
                    );
                }
            }
        }
    }
}
