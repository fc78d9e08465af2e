//! KP012 `unknown-service`: an action whose service prefix does not exist, or a wildcard in the prefix
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP012`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP012: An action whose service prefix does not exist, or a wildcard in the prefix
pub(crate) struct UnknownService;

static META: RuleMeta = RuleMeta {
    code: "KP012",
    name: "unknown-service",
    severity: Severity::Error,
    applies: Applies::Both,
    summary: "An action whose service prefix does not exist, or a wildcard in the prefix",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

An action such as `kmss:Decrypt` whose service prefix is not a known AWS service, or a prefix containing a wildcard (`km*:Decrypt`, reported by the policy reader).

## Why

The entry grants nothing, or — with a wildcard prefix — may match services nobody meant.

## Example

Bad:

```json
"Action": "kmss:Decrypt"
```

Good:

```json
"Action": "kms:Decrypt"
```
"#;

impl Rule for UnknownService {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            for name in ["Action", "NotAction"] {
                for (text, span) in st.strings_of(name) {
                    let Some((service, _)) = text.split_once(':') else {
                        continue;
                    };
                    if service.contains(['*', '?']) || service.is_empty() {
                        continue; // reported by the reader
                    }
                    if !cx.catalog.service_exists(service) {
                        out.push(
                            cx.finding(
                                &META,
                                span,
                                format!("unknown service prefix `{service}` in `{text}`"),
                            )
                            .help_opt(cx.catalog.suggest_service(service)),
                        );
                    }
                }
            }
        }
    }
}
