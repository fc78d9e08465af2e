//! KP110 `lockout-no-manager`: after the `Deny` statements, no principal can call `kms:PutKeyPolicy`
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP110`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP110: After the `Deny` statements, no principal can call `kms:PutKeyPolicy`
pub(crate) struct LockoutNoManager;

static META: RuleMeta = RuleMeta {
    code: "KP110",
    name: "lockout-no-manager",
    severity: Severity::Error,
    applies: Applies::Key,
    summary: "After the `Deny` statements, no principal can call `kms:PutKeyPolicy`",
    doc: DOC,
    security_severity: Some("9.0"),
};

const DOC: &str = r#"## What

The evaluator is asked, for every principal an `Allow` statement names (a role of the account for the root delegation and for `"*"`), whether it can call `kms:PutKeyPolicy` on the key with this policy — `Deny` statements included. With `--caller ARN` only that principal is asked, emulating KMS's lockout safety check. Reported when nobody can.

## Why

Nobody could change the policy again: the key becomes unmanageable (recovery needs AWS Support). KMS checks only the caller at write time, and the check can be bypassed.

## Example

Bad:

```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "kms:Decrypt", "Resource": "*"}
```

Good:

```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}
```
"#;

impl Rule for LockoutNoManager {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        let Some(policy) = cx.policy else { return };
        let account = cx
            .key_account()
            .unwrap_or_else(|| "111122223333".to_string());
        let mut candidates: Vec<(String, Option<&Statement>)> = Vec::new();
        if let Some(c) = &cx.options.caller {
            candidates.push((c.clone(), None));
        } else {
            for st in &cx.statements {
                let Some(ast) = st.ast else { continue };
                if ast.effect != Effect::Allow
                    || !kms_actions(cx.catalog, ast)
                        .iter()
                        .any(|a| a.name == "PutKeyPolicy")
                {
                    continue;
                }
                let star = ast.principal.as_ref().is_some_and(|p| p.star || p.negated)
                    || principal_values(st, ast)
                        .iter()
                        .any(|(v, _)| matches!(v, PrincipalValue::Any));
                if star {
                    candidates.push((
                        format!("arn:aws:iam::{account}:role/kmspolicy-probe-admin"),
                        Some(ast),
                    ));
                }
                for (v, _) in principal_values(st, ast) {
                    match v {
                        PrincipalValue::Account { account: a, .. } => candidates.push((
                            format!("arn:aws:iam::{a}:role/kmspolicy-probe-admin"),
                            Some(ast),
                        )),
                        PrincipalValue::Role { arn, .. } | PrincipalValue::User { arn, .. } => {
                            candidates.push((arn.clone(), Some(ast)))
                        }
                        _ => {}
                    }
                }
            }
        }
        if candidates.iter().any(|(who, st)| {
            crate::lint::probe::can(policy, &account, who, "kms:PutKeyPolicy", *st)
        }) {
            return;
        }
        let Value::Object(members) = &cx.doc.root.value else {
            return;
        };
        let span = members
            .iter()
            .find(|m| m.key == "Statement")
            .map_or(cx.doc.root.span, |m| m.key_span);
        let message = match &cx.options.caller {
            Some(c) => format!("`{c}` could not call `kms:PutKeyPolicy` after this policy is set"),
            None => "no principal can call `kms:PutKeyPolicy`: the key would become unmanageable"
                .to_string(),
        };
        out.push(
            cx.finding(&META, span, message)
                .help("keep the account-root statement (`arn:aws:iam::ACCOUNT:root`, `kms:*`) or an administrator statement that no Deny overrides")
                .note(format!("checked with the evaluator: {} candidate principal(s), Deny statements applied", candidates.len())),
        );
    }
}
