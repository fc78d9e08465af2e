//! KP117 `allow-not-action-or-resource`: `Allow` with `NotAction` (covering KMS actions) or `NotResource`
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP117`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP117: `Allow` with `NotAction` (covering KMS actions) or `NotResource`
pub(crate) struct AllowNotActionOrResource;

static META: RuleMeta = RuleMeta {
    code: "KP117",
    name: "allow-not-action-or-resource",
    severity: Severity::Warning,
    applies: Applies::Both,
    summary: "`Allow` with `NotAction` (covering KMS actions) or `NotResource`",
    doc: DOC,
    security_severity: Some("5.5"),
};

const DOC: &str = r#"## What

An `Allow` statement using `NotAction` whose complement includes KMS actions, or using `NotResource`.

## Why

It implicitly grants everything not listed — new KMS actions and every key included.

## Example

Bad:

```json
{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}
```

Good:

```json
{"Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": "*"}
```
"#;

impl Rule for AllowNotActionOrResource {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            if ast.effect != Effect::Allow {
                continue;
            }
            if let Some(a) = ast.action.as_ref().filter(|a| a.negated) {
                let n = kms_actions(cx.catalog, ast).len();
                if n > 0 {
                    out.push(
                        cx.finding(&META, a.span, format!("`Allow` with `NotAction` grants {n} KMS action(s) it does not name"))
                            .help("list the allowed actions with `Action`"),
                    );
                }
            }
            if let Some(r) = ast.resource.as_ref().filter(|r| r.negated) {
                out.push(
                    cx.finding(
                        &META,
                        r.span,
                        "`Allow` with `NotResource` grants every resource it does not name",
                    )
                    .help("list the resources with `Resource`"),
                );
            }
        }
    }
}
