//! KP106 `full-access-non-root`: `kms:*` (every KMS action) to a specific role, user or service
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP106`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP106: `kms:*` (every KMS action) to a specific role, user or service
pub(crate) struct FullAccessNonRoot;

static META: RuleMeta = RuleMeta {
    code: "KP106",
    name: "full-access-non-root",
    severity: Severity::Warning,
    applies: Applies::Key,
    summary: "`kms:*` (every KMS action) to a specific role, user or service",
    doc: DOC,
    security_severity: Some("5.0"),
};

const DOC: &str = r#"## What

A key-policy `Allow` covering every KMS action (`kms:*`, `*`, or a list adding up to all of them) whose principal is a named role, user or service. The account-root delegation statement is exempt.

## Why

It collapses the split between key administrators and key users: one principal can use, re-grant and destroy the key.

## Example

Bad:

```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "kms:*", "Resource": "*"}
```

Good:

```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": ["kms:Decrypt", "kms:Encrypt"], "Resource": "*"}
```
"#;

impl Rule for FullAccessNonRoot {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            if ast.effect != Effect::Allow
                || kms_actions(cx.catalog, ast).len() < cx.catalog.actions.len()
            {
                continue;
            }
            for (v, span) in principal_values(st, ast) {
                let named = matches!(
                    v,
                    PrincipalValue::Role { .. }
                        | PrincipalValue::User { .. }
                        | PrincipalValue::Service(_)
                        | PrincipalValue::Session { .. }
                );
                if let (true, Some(span)) = (named, span) {
                    out.push(
                        cx.finding(&META, span, format!("`{}` gets every KMS action on this key", v.text()))
                            .help("give key users the cryptographic actions only, and administrators a separate statement"),
                    );
                }
            }
        }
    }
}
