//! KP011 `wildcard-matches-nothing`: a KMS action pattern with `*` or `?` that matches no action
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP011`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP011: A KMS action pattern with `*` or `?` that matches no action
pub(crate) struct WildcardMatchesNothing;

static META: RuleMeta = RuleMeta {
    code: "KP011",
    name: "wildcard-matches-nothing",
    severity: Severity::Error,
    applies: Applies::Both,
    summary: "A KMS action pattern with `*` or `?` that matches no action",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

An `Action`/`NotAction` entry such as `kms:Decrpyt*` whose wildcard expands to zero KMS actions.

## Why

Like an unknown action, it grants (or denies) nothing — and exact-name checkers do not notice, because a wildcard is never "unknown".

## Example

Bad:

```json
"Action": "kms:Decrpyt*"
```

Good:

```json
"Action": "kms:Decrypt*"
```
"#;

impl Rule for WildcardMatchesNothing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            for name in ["Action", "NotAction"] {
                for (text, span) in st.strings_of(name) {
                    let Some((service, action)) = text.split_once(':') else {
                        continue;
                    };
                    if service.eq_ignore_ascii_case("kms")
                        && action.contains(['*', '?'])
                        && cx.catalog.expand(text).is_empty()
                    {
                        let literal: String =
                            text.chars().filter(|c| *c != '*' && *c != '?').collect();
                        out.push(
                            cx.finding(&META, span, format!("`{text}` matches no KMS action"))
                                .help_opt(cx.catalog.suggest_action(&literal).map(|s| {
                                    s.replace("?`", "*`?").replacen(
                                        "did you mean `",
                                        "the closest action is `",
                                        1,
                                    )
                                }))
                                .caret("matches nothing"),
                        );
                    }
                }
            }
        }
    }
}
