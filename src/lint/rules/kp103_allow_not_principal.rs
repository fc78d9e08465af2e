//! KP103 `allow-not-principal`: `Allow` with `NotPrincipal`
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP103`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP103: `Allow` with `NotPrincipal`
pub(crate) struct AllowNotPrincipal;

static META: RuleMeta = RuleMeta {
    code: "KP103",
    name: "allow-not-principal",
    severity: Severity::Error,
    applies: Applies::Key,
    summary: "`Allow` with `NotPrincipal`",
    doc: DOC,
    security_severity: Some("9.0"),
};

const DOC: &str = r#"## What

An `Allow` statement that uses `NotPrincipal`. The evaluator is asked whether an identity of an unrelated account can be allowed through the statement.

## Why

It grants every principal except the few listed: effectively public.

## Example

Bad:

```json
{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/Blocked"}, "Action": "kms:Decrypt", "Resource": "*"}
```

Good:

```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "kms:Decrypt", "Resource": "*"}
```
"#;

impl Rule for AllowNotPrincipal {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        let Some(policy) = cx.policy else { return };
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            let negated = ast.principal.as_ref().is_some_and(|p| p.negated);
            if ast.effect != Effect::Allow || !negated {
                continue;
            }
            let Some(m) = st.member("NotPrincipal") else {
                continue;
            };
            let account = cx
                .key_account()
                .unwrap_or_else(|| "111122223333".to_string());
            let outsider = crate::lint::probe::outsider_account(&account, policy);
            let caller = format!("arn:aws:iam::{outsider}:role/kmspolicy-probe");
            let mut only = policy.clone();
            only.statements
                .retain(|s| s.index == ast.index || s.effect == Effect::Deny);
            let exposed = kms_actions(cx.catalog, ast)
                .into_iter()
                .map(|a| format!("kms:{}", a.name))
                .find(|a| crate::lint::probe::can(&only, &account, &caller, a, Some(ast)));
            let mut f = cx
                .finding(
                    &META,
                    m.key_span,
                    "`Allow` with `NotPrincipal` grants every principal not listed",
                )
                .help("name the principals with `Principal` instead");
            if let Some(a) = exposed {
                f = f.note(format!(
                    "the evaluator allows `{a}` for a role in unrelated account {outsider}"
                ));
            }
            out.push(f);
        }
    }
}
