//! KP222 `non-kms-action-in-key-policy`: actions of other services in a key policy
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP222`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP222: Actions of other services in a key policy
pub(crate) struct NonKmsActionInKeyPolicy;

static META: RuleMeta = RuleMeta {
    code: "KP222",
    name: "non-kms-action-in-key-policy",
    severity: Severity::Warning,
    applies: Applies::Key,
    summary: "Actions of other services in a key policy",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A key-policy `Action` entry whose service is not `kms` (and is not `*`).

## Why

It has no effect in a key policy; usually an identity policy was pasted in.

## Example

Bad:

```json
"Action": ["kms:Decrypt", "s3:GetObject"]
```

Good:

```json
"Action": "kms:Decrypt"
```
"#;

impl Rule for NonKmsActionInKeyPolicy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            for (text, span) in st.strings_of("Action") {
                if let Some((service, _)) = text.split_once(':') {
                    if !service.eq_ignore_ascii_case("kms") && !service.contains(['*', '?']) {
                        out.push(
                            cx.finding(
                                &META,
                                span,
                                format!("`{text}` has no effect in a key policy"),
                            )
                            .help("remove it; grant it in an identity policy instead"),
                        );
                    }
                }
            }
        }
    }
}
