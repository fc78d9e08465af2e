//! KP302 `redundant-action`: an action already covered by another pattern of the same statement
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP302`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP302: An action already covered by another pattern of the same statement
pub(crate) struct RedundantAction;

static META: RuleMeta = RuleMeta {
    code: "KP302",
    name: "redundant-action",
    severity: Severity::Info,
    applies: Applies::Both,
    summary: "An action already covered by another pattern of the same statement",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

An `Action` (or `NotAction`) entry that another entry of the same statement already covers: `kms:Decrypt` next to `kms:*` or `kms:De*`, `kms:ReEncryptFrom` next to `kms:ReEncrypt*`, or the same entry twice. Patterns are compared as patterns (case-insensitive), so `kms:Decrypt*` is not covered by `kms:Decrypt`.

## Why

The extra entry changes nothing, and it hides what the statement really grants from a reviewer.

## Example

Bad:

```json
"Action": ["kms:*", "kms:Decrypt"]
```

Good:

```json
"Action": "kms:*"
```
"#;

impl Rule for RedundantAction {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            for element in ["Action", "NotAction"] {
                let items = st.strings_of(element);
                let lower: Vec<String> =
                    items.iter().map(|(t, _)| t.to_ascii_lowercase()).collect();
                for (j, (text, span)) in items.iter().enumerate() {
                    let Some(p) = lower.get(j) else { continue };
                    let cover = lower.iter().enumerate().find(|(i, q)| {
                        *i != j && pattern_covers(q, p) && (*i < j || !pattern_covers(p, q))
                    });
                    let Some((i, _)) = cover else { continue };
                    let Some((by, by_span)) = items.get(i) else {
                        continue;
                    };
                    let message = if by.eq_ignore_ascii_case(text) {
                        format!("`{text}` is listed twice")
                    } else {
                        format!("`{text}` is already covered by `{by}`")
                    };
                    let mut f = cx
                        .finding(&META, *span, message)
                        .help(format!("drop `{text}`"));
                    f.labels.push(cx.label(*by_span, "covers it"));
                    out.push(f);
                }
            }
        }
    }
}
