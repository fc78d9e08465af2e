//! KP020 `invalid-sid`: a `Sid` with characters other than letters and digits in an IAM policy
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP020`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP020: A `Sid` with characters other than letters and digits in an IAM policy
pub(crate) struct InvalidSid;

static META: RuleMeta = RuleMeta {
    code: "KP020",
    name: "invalid-sid",
    severity: Severity::Error,
    applies: Applies::Identity,
    summary: "A `Sid` with characters other than letters and digits in an IAM policy",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

An identity-policy `Sid` containing anything outside `[A-Za-z0-9]`. Not applied to key policies, where KMS allows spaces and punctuation in `Sid`.

## Why

IAM rejects the policy.

## Example

Bad:

```json
"Sid": "Allow use"
```

Good:

```json
"Sid": "AllowUse"
```
"#;

impl Rule for InvalidSid {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let Some(sid) = st.sid else { continue };
            if !sid.chars().all(|c| c.is_ascii_alphanumeric()) {
                let span = st.member("Sid").map_or(st.node.span, |m| m.value.span);
                let fixed: String = sid.chars().filter(char::is_ascii_alphanumeric).collect();
                out.push(
                    cx.finding(
                        &META,
                        span,
                        format!("IAM policy `Sid` `{sid}` may contain only letters and digits"),
                    )
                    .help(format!("use `{fixed}`")),
                );
            }
        }
    }
}
