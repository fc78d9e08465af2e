//! KP025 `disallowed-characters`: a key policy with characters outside printable ASCII and Latin-1 (plus tab, LF, CR)
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP025`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP025: A key policy with characters outside printable ASCII and Latin-1 (plus tab, LF, CR)
pub(crate) struct DisallowedCharacters;

static META: RuleMeta = RuleMeta {
    code: "KP025",
    name: "disallowed-characters",
    severity: Severity::Error,
    applies: Applies::Key,
    summary: "A key policy with characters outside printable ASCII and Latin-1 (plus tab, LF, CR)",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A key policy containing characters KMS does not accept: smart quotes, emoji, other Unicode outside the Basic Latin and Latin-1 Supplement printable ranges.

## Why

KMS rejects the policy.

## Example

Bad:

```json
"Sid": "Ops ✓"
```

Good:

```json
"Sid": "Ops"
```
"#;

impl Rule for DisallowedCharacters {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        fn bad(c: char) -> bool {
            !(c == '\t'
                || c == '\n'
                || c == '\r'
                || (' '..='~').contains(&c)
                || ('\u{a0}'..='\u{ff}').contains(&c))
        }
        fn walk(cx: &PolicyCx<'_>, n: &Node, out: &mut Vec<Finding>) {
            let check = |s: &str, span: Span, out: &mut Vec<Finding>| {
                if let Some(c) = s.chars().find(|c| bad(*c)) {
                    out.push(
                        cx.finding(
                            &META,
                            span,
                            format!(
                                "character `{c}` (U+{:04X}) is not allowed in a key policy",
                                c as u32
                            ),
                        )
                        .help("use printable ASCII or Latin-1 characters only"),
                    );
                }
            };
            match &n.value {
                Value::String(s) => check(s, n.span, out),
                Value::Object(ms) => {
                    for m in ms {
                        check(&m.key, m.key_span, out);
                        walk(cx, &m.value, out);
                    }
                }
                Value::Array(items) => {
                    for i in items {
                        walk(cx, i, out);
                    }
                }
                _ => {}
            }
        }
        walk(cx, &cx.doc.root, out);
    }
}
