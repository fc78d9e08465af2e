//! KP304 `non-canonical-case`: an action or condition key not in its catalogue casing
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP304`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP304: An action or condition key not in its catalogue casing
pub(crate) struct NonCanonicalCase;

static META: RuleMeta = RuleMeta {
    code: "KP304",
    name: "non-canonical-case",
    severity: Severity::Info,
    applies: Applies::Both,
    summary: "An action or condition key not in its catalogue casing",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A KMS action or a `kms:`/`aws:` condition key written in another case than the catalogue's (`kms:decrypt`, `KMS:ViaService`).

## Why

AWS compares them case-insensitively, but mixed spellings hurt search, review and diffs.

## Example

Bad:

```json
"Action": "kms:decrypt"
```

Good:

```json
"Action": "kms:Decrypt"
```
"#;

impl Rule for NonCanonicalCase {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            for name in ["Action", "NotAction"] {
                for (text, span) in st.strings_of(name) {
                    if let Some(a) = cx.catalog.action(text) {
                        let canonical = format!("kms:{}", a.name);
                        if text != canonical {
                            out.push(
                                cx.finding(
                                    &META,
                                    span,
                                    format!("`{text}` is written `{canonical}` in the catalogue"),
                                )
                                .help(format!("write `{canonical}`")),
                            );
                        }
                    }
                }
            }
            let Some(ast) = st.ast else { continue };
            for c in conditions(ast) {
                let Some(info) = cx.catalog.key(&c.key) else {
                    continue;
                };
                let fixed = info.key.split("${").next().unwrap_or("");
                let written = c.key.get(..fixed.len()).unwrap_or("");
                if written != fixed && written.eq_ignore_ascii_case(fixed) {
                    let canonical = format!("{fixed}{}", c.key.get(fixed.len()..).unwrap_or(""));
                    out.push(
                        cx.finding(
                            &META,
                            c.key_span,
                            format!("`{}` is written `{canonical}` in the catalogue", c.key),
                        )
                        .help(format!("write `{canonical}`")),
                    );
                }
            }
        }
    }
}
