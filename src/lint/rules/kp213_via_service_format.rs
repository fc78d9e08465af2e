//! KP213 `via-service-format`: a `kms:ViaService` value not of the form `<service>.<region>.amazonaws.com`
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP213`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP213: A `kms:ViaService` value not of the form `<service>.<region>.amazonaws.com`
pub(crate) struct ViaServiceFormat;

static META: RuleMeta = RuleMeta {
    code: "KP213",
    name: "via-service-format",
    severity: Severity::Error,
    applies: Applies::Both,
    summary: "A `kms:ViaService` value not of the form `<service>.<region>.amazonaws.com`",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A `kms:ViaService` value that is not lower-case `service.region.amazonaws.com` (wildcards allowed under `StringLike`).

## Why

KMS sends values of exactly that form; `s3.amazonaws.com` never matches, so the statement never applies.

## Example

Bad:

```json
"StringEquals": {"kms:ViaService": "s3.amazonaws.com"}
```

Good:

```json
"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}
```
"#;

impl Rule for ViaServiceFormat {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            for c in conditions(ast) {
                if c.key_lower != "kms:viaservice" {
                    continue;
                }
                for v in &c.values.items {
                    let t = v.text();
                    if t.contains("${") {
                        continue;
                    }
                    let parts: Vec<&str> = t.split('.').collect();
                    let ok_char = |s: &str| {
                        !s.is_empty()
                            && s.chars().all(|ch| {
                                ch.is_ascii_lowercase()
                                    || ch.is_ascii_digit()
                                    || ch == '-'
                                    || ch == '*'
                                    || ch == '?'
                            })
                    };
                    let ok = t == "*"
                        || (parts.len() == 4
                            && parts.get(2) == Some(&"amazonaws")
                            && parts.get(3) == Some(&"com")
                            && parts.iter().take(2).all(|p| ok_char(p)));
                    if !ok {
                        out.push(
                            cx.finding(&META, v.span, format!("`{t}` is not a `kms:ViaService` value"))
                                .help("KMS sends `<service>.<region>.amazonaws.com` in lower case, such as `s3.us-east-1.amazonaws.com`"),
                        );
                    }
                }
            }
        }
    }
}
