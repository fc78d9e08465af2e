//! KP010 `unknown-action`: a KMS action name that does not exist, with a "did you mean"
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP010`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP010: A KMS action name that does not exist, with a "did you mean"
pub(crate) struct UnknownAction;

static META: RuleMeta = RuleMeta {
    code: "KP010",
    name: "unknown-action",
    severity: Severity::Error,
    applies: Applies::Both,
    summary: "A KMS action name that does not exist, with a \"did you mean\"",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

An `Action` or `NotAction` entry `kms:Name` (no wildcard) whose name is not in the KMS catalogue (case-insensitive), and entries without a `service:` prefix. The catalogue is the data snapshot printed by `kmspolicy --version`; an action newer than the snapshot is reported with the snapshot date.

## Why

An `Allow` with a misspelt action grants nothing, and a `Deny` with one leaves the hole it was meant to close.

## Example

Bad:

```json
"Action": ["kms:Decrypts", "kms:Encrypt"]
```

Good:

```json
"Action": ["kms:Decrypt", "kms:Encrypt"]
```
"#;

impl Rule for UnknownAction {
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
                    if !service.eq_ignore_ascii_case("kms") || action.contains(['*', '?']) {
                        continue;
                    }
                    if cx.catalog.action(text).is_none() {
                        out.push(
                            cx.finding(
                                &META,
                                span,
                                format!(
                                    "unknown KMS action `{text}` (not in the data snapshot of {})",
                                    cx.catalog.snapshot.data_date
                                ),
                            )
                            .help_opt(cx.catalog.suggest_action(text))
                            .caret("no such action"),
                        );
                    }
                }
            }
        }
    }
}
