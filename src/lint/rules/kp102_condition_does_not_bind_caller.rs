//! KP102 `condition-does-not-bind-caller`: a wildcard principal whose conditions do not pin who the caller is
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP102`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP102: A wildcard principal whose conditions do not pin who the caller is
pub(crate) struct ConditionDoesNotBindCaller;

static META: RuleMeta = RuleMeta {
    code: "KP102",
    name: "condition-does-not-bind-caller",
    severity: Severity::Error,
    applies: Applies::Key,
    summary: "A wildcard principal whose conditions do not pin who the caller is",
    doc: DOC,
    security_severity: Some("9.0"),
};

const DOC: &str = r#"## What

A key-policy `Allow` to `"*"` whose `Condition` exists but does not restrict the caller's identity: only `kms:ViaService`, only `aws:SecureTransport`, only encryption context, or an identity key used with a wildcard value, a negated operator or `IfExists` where that lets outsiders in. The evaluator decides: the rule asks whether an identity in an unrelated account, sending the context the conditions ask for (the calling service, the encryption context, …), can be allowed.

## Why

`kms:ViaService` says which AWS service relayed the call, not whose account made it; any account can call S3 in that Region. Linters that skip every statement with a condition, or accept `kms:ViaService` alone, miss this public key.

## Example

Bad:

```json
{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*",
 "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}}
```

Good:

```json
{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*",
 "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com",
                               "kms:CallerAccount": "111122223333"}}}
```
"#;

impl Rule for ConditionDoesNotBindCaller {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            if let Some(f) = exposure(cx, st) {
                if f.conditioned == CONDITIONED {
                    out.push(report(cx, st, &f, &META));
                }
            }
        }
    }
}

const CONDITIONED: bool = true;

/// What the evaluator found for one wildcard statement.
pub(crate) struct Exposure {
    /// The wildcard principal value.
    pub(crate) principal: Span,
    /// Whether the statement has a `Condition`.
    pub(crate) conditioned: bool,
    /// The action an outsider was allowed.
    pub(crate) action: String,
    /// The outsider account used.
    pub(crate) outsider: String,
}

/// Asks the evaluator whether an identity of an unrelated account can be allowed one of the
/// cross-account actions of `st` (a wildcard-principal `Allow`), through `st` alone (with the
/// policy's `Deny` statements still in force).
pub(crate) fn exposure(cx: &PolicyCx<'_>, st: &StmtView<'_>) -> Option<Exposure> {
    let ast = st.ast?;
    let policy = cx.policy?;
    if ast.effect != Effect::Allow {
        return None;
    }
    let principal = wildcard_principal(st)?;
    let account = cx
        .key_account()
        .unwrap_or_else(|| "111122223333".to_string());
    let mut only = policy.clone();
    only.statements
        .retain(|s| s.index == ast.index || s.effect == Effect::Deny);
    let outsider = crate::lint::probe::outsider_account(&account, policy);
    let caller = format!("arn:aws:iam::{outsider}:role/kmspolicy-probe");
    let tables = &cx.catalog.tables;
    let action = kms_actions(cx.catalog, ast)
        .into_iter()
        .filter(|a| crate::lint::catalog::Catalog::in_list(&tables.cross_account_actions, &a.name))
        .map(|a| format!("kms:{}", a.name))
        .find(|a| crate::lint::probe::can(&only, &account, &caller, a, Some(ast)))?;
    Some(Exposure {
        principal,
        conditioned: ast.conditions.is_some(),
        action,
        outsider,
    })
}

/// The finding for an exposed statement, with the conditions that do not bind as labels.
pub(crate) fn report(
    cx: &PolicyCx<'_>,
    st: &StmtView<'_>,
    e: &Exposure,
    meta: &'static RuleMeta,
) -> Finding {
    let name = match st.sid {
        Some(s) => format!("\"{s}\""),
        None => format!("#{}", st.index),
    };
    let account = cx
        .key_account()
        .unwrap_or_else(|| "111122223333".to_string());
    let mut f = if e.conditioned {
        cx.finding(meta, e.principal, format!("key policy statement {name} is effectively public"))
            .caret("any principal in any AWS account")
            .help(format!(
                "add \"kms:CallerAccount\": \"{account}\" (or aws:PrincipalOrgID) to a StringEquals block of the same statement"
            ))
    } else {
        cx.finding(meta, e.principal, format!("key policy statement {name} allows any principal in any AWS account"))
            .caret("any principal in any AWS account")
            .help(format!(
                "name the principals, or add \"Condition\": {{\"StringEquals\": {{\"kms:CallerAccount\": \"{account}\"}}}}"
            ))
    };
    if let Some(ast) = st.ast {
        for c in conditions(ast) {
            let what = match c.key_lower.as_str() {
                "kms:viaservice" => {
                    "only restricts the calling service, not the caller's account".to_string()
                }
                k if k.starts_with("kms:encryptioncontext") => {
                    "the caller chooses the encryption context".to_string()
                }
                _ if binds_caller(cx, c) => "does not exclude the probe account".to_string(),
                _ => "does not restrict who the caller is".to_string(),
            };
            f.labels.push(cx.label(c.key_span, what));
        }
    }
    f.notes.push(format!(
        "the evaluator allows `{}` for a role in unrelated account {} that has an IAM allow in its own account",
        e.action, e.outsider
    ));
    if e.conditioned {
        f.notes.push(
            "conditions that pin the caller: kms:CallerAccount, aws:PrincipalAccount, aws:PrincipalOrgID, aws:PrincipalArn"
                .to_string(),
        );
    }
    f
}
