//! Reading statements the way several rules need: the KMS actions a statement covers (wildcards
//! and `NotAction` expanded against the catalogue), its wildcard principal, its principals'
//! accounts, and its conditions.

use crate::json::Value;
use crate::lint::catalog::{wildcard_match, ActionInfo, Catalog};
use crate::lint::context::{PolicyCx, StmtView};
use crate::policy::{BaseOp, Condition, PrincipalValue, Statement};
use crate::source::Span;

/// The KMS actions `st` covers: its `Action` patterns expanded, or for `NotAction` every KMS
/// action no pattern matches.
pub(crate) fn kms_actions<'c>(catalog: &'c Catalog, st: &Statement) -> Vec<&'c ActionInfo> {
    let Some(a) = &st.action else {
        return Vec::new();
    };
    let pats: Vec<String> = a
        .patterns
        .items
        .iter()
        .map(|p| p.text.to_ascii_lowercase())
        .collect();
    catalog
        .actions
        .iter()
        .filter(|act| {
            let hit = pats.iter().any(|p| wildcard_match(p, &act.lower));
            hit != a.negated
        })
        .collect()
}

/// The span of the wildcard principal of `st` (`"*"` or `{"AWS": "*"}`), when it has one.
pub(crate) fn wildcard_principal(view: &StmtView<'_>) -> Option<Span> {
    let m = view.member("Principal")?;
    match &m.value.value {
        Value::String(s) if s == "*" => Some(m.value.span),
        Value::Object(entries) => entries
            .iter()
            .filter(|e| e.key == "AWS")
            .flat_map(|e| crate::lint::context::strings(&e.value))
            .find(|(s, _)| *s == "*")
            .map(|(_, span)| span),
        _ => None,
    }
}

/// The statement's conditions (empty without a `Condition`).
pub(crate) fn conditions(st: &Statement) -> &[Condition] {
    st.conditions.as_deref().unwrap_or(&[])
}

/// The principal values of a non-negated `Principal`, with the span of each value.
pub(crate) fn principal_values<'a>(
    view: &StmtView<'a>,
    st: &'a Statement,
) -> Vec<(&'a PrincipalValue, Option<Span>)> {
    let Some(p) = &st.principal else {
        return Vec::new();
    };
    if p.negated {
        return Vec::new();
    }
    let spans: Vec<(&str, Span)> = view
        .member("Principal")
        .map(|m| match &m.value.value {
            Value::Object(entries) => entries
                .iter()
                .flat_map(|e| crate::lint::context::strings(&e.value))
                .collect(),
            _ => Vec::new(),
        })
        .unwrap_or_default();
    p.entries
        .iter()
        .flat_map(|e| e.values.items.iter())
        .map(|v| {
            let span = spans
                .iter()
                .find(|(s, _)| *s == v.text())
                .map(|(_, sp)| *sp);
            (v, span)
        })
        .collect()
}

/// Whether a condition pins who the caller is: an identity-binding key, a positive operator, no
/// `IfExists`, and no value that is only wildcards.
pub(crate) fn binds_caller(cx: &PolicyCx<'_>, c: &Condition) -> bool {
    let t = &cx.catalog.tables;
    let binding = t
        .identity_binding_keys
        .iter()
        .chain(&t.service_binding_keys)
        .any(|k| k.eq_ignore_ascii_case(&c.key));
    binding
        && !c.operator.base.negated()
        && !c.operator.if_exists
        && c.operator.base != crate::policy::BaseOp::Null
        && c.values
            .items
            .iter()
            .all(|v| !v.text().chars().all(|ch| ch == '*' || ch == '?'))
}

/// Positive conditions (no `IfExists`, not negated, not `Null`) on `kms:` keys that some of the
/// statement's actions never supply: (condition, names of those actions). Statements of
/// `effect` only.
pub(crate) fn absent_keys<'a>(
    cx: &PolicyCx<'a>,
    effect: crate::Effect,
) -> Vec<(&'a Condition, Vec<String>)> {
    let mut out = Vec::new();
    for st in &cx.statements {
        let Some(ast) = st.ast else { continue };
        if ast.effect != effect {
            continue;
        }
        let actions = kms_actions(cx.catalog, ast);
        for c in conditions(ast) {
            if c.operator.if_exists
                || c.operator.base.negated()
                || c.operator.base == crate::policy::BaseOp::Null
                || !c.key_lower.starts_with("kms:")
                || cx.catalog.key(&c.key).is_none()
            {
                continue;
            }
            let missing: Vec<String> = actions
                .iter()
                .filter(|a| !cx.catalog.action_supplies(a, &c.key))
                .map(|a| a.name.clone())
                .collect();
            if !missing.is_empty() {
                out.push((c, missing));
            }
        }
    }
    out
}

/// Whether pattern `q` covers pattern `p` (both lowercase): every text `p` matches, `q` matches
/// too. A `*` of `q` may stand for any run of `p` (wildcards included); a `?` of `q` only for one
/// literal character of `p`, since `p`'s own `*` could stand for several.
pub(crate) fn pattern_covers(q: &str, p: &str) -> bool {
    let q: Vec<char> = q.chars().collect();
    let p: Vec<char> = p.chars().collect();
    // reach[j]: q[..i] can consume p[..j].
    let mut reach = vec![false; p.len() + 1];
    if let Some(r) = reach.first_mut() {
        *r = true;
    }
    for qc in &q {
        let mut next = vec![false; p.len() + 1];
        match qc {
            '*' => {
                let mut on = false;
                for (j, n) in next.iter_mut().enumerate() {
                    on = on || reach.get(j).copied().unwrap_or(false);
                    *n = on;
                }
            }
            c => {
                for j in 0..p.len() {
                    let (Some(true), Some(pc)) = (reach.get(j).copied(), p.get(j)) else {
                        continue;
                    };
                    let ok = if *c == '?' {
                        *pc != '*' && *pc != '?'
                    } else {
                        pc == c
                    };
                    if ok {
                        if let Some(n) = next.get_mut(j + 1) {
                            *n = true;
                        }
                    }
                }
            }
        }
        reach = next;
    }
    reach.last().copied().unwrap_or(false)
}

/// Whether the statement covers every KMS action (the case KP106 and KP115 report).
pub(crate) fn covers_all_kms(cx: &PolicyCx<'_>, st: &Statement) -> bool {
    kms_actions(cx.catalog, st).len() == cx.catalog.actions.len()
}

/// Whether the statement's only principals are accounts (`arn:aws:iam::A:root` or `A`): the
/// delegation statement that lets IAM policies of those accounts decide.
pub(crate) fn account_principals_only(view: &StmtView<'_>, st: &Statement) -> bool {
    let values = principal_values(view, st);
    !values.is_empty()
        && values
            .iter()
            .all(|(v, _)| matches!(v, PrincipalValue::Account { .. }))
}

/// Whether `st` itself tests `kms:BypassPolicyLockoutSafetyCheck`, or a `Deny` of the policy that
/// covers `action` does: the guard against bypassing the lockout safety check.
pub(crate) fn bypass_guarded(cx: &PolicyCx<'_>, st: &Statement, action: &str) -> bool {
    let tests = |s: &Statement| {
        conditions(s)
            .iter()
            .any(|c| c.key_lower == "kms:bypasspolicylockoutsafetycheck")
    };
    if tests(st) {
        return true;
    }
    cx.policy.is_some_and(|p| {
        p.statements.iter().any(|d| {
            d.effect == crate::Effect::Deny
                && tests(d)
                && kms_actions(cx.catalog, d).iter().any(|a| a.name == action)
        })
    })
}

/// Whether the statement tests one of the keys that exempt calls made by AWS services on the
/// caller's behalf (`aws:ViaAWSService`, `kms:ViaService`, `aws:CalledVia`, …).
pub(crate) fn has_service_exception(cx: &PolicyCx<'_>, st: &Statement) -> bool {
    conditions(st)
        .iter()
        .any(|c| Catalog::key_in(&cx.catalog.tables.service_call_exception_keys, &c.key))
}

/// The six fields of an ARN (`arn`, partition, service, Region, account, resource), when `text`
/// has them.
pub(crate) fn arn_fields(text: &str) -> Option<[&str; 6]> {
    let mut it = text.splitn(6, ':');
    let fields = [
        it.next()?,
        it.next()?,
        it.next()?,
        it.next()?,
        it.next()?,
        it.next()?,
    ];
    let [arn, ..] = fields;
    arn.eq_ignore_ascii_case("arn").then_some(fields)
}

/// Whether a `Resource` entry reaches keys of every account: `*`, or a KMS ARN pattern whose
/// account is a wildcard.
pub(crate) fn reaches_any_account(text: &str) -> bool {
    if text == "*" {
        return true;
    }
    let Some([_, _, service, _, account, _]) = arn_fields(text) else {
        return false;
    };
    let kms = service.eq_ignore_ascii_case("kms") || service == "*";
    kms && (account.contains(['*', '?']) || account.is_empty())
}

/// The account of a named principal (role, user, session ARN, account), when it has one.
pub(crate) fn principal_account(v: &PrincipalValue) -> Option<&str> {
    match v {
        PrincipalValue::Account { account, .. }
        | PrincipalValue::User { account, .. }
        | PrincipalValue::Role { account, .. } => Some(account),
        PrincipalValue::Session { arn } | PrincipalValue::FederatedUser { arn } => {
            arn_fields(arn).map(|[_, _, _, _, account, _]| account)
        }
        _ => None,
    }
}

/// Whether `v` names one identity or service (not an account, not everyone).
pub(crate) fn is_named_principal(v: &PrincipalValue) -> bool {
    matches!(
        v,
        PrincipalValue::Role { .. }
            | PrincipalValue::User { .. }
            | PrincipalValue::Session { .. }
            | PrincipalValue::FederatedUser { .. }
            | PrincipalValue::UniqueId(_)
            | PrincipalValue::Service(_)
    )
}

/// `kms:A, kms:B, …` for at most `max` names.
pub(crate) fn list_actions(names: &[String], max: usize) -> String {
    let mut shown: Vec<String> = names.iter().take(max).map(|n| format!("kms:{n}")).collect();
    if names.len() > max {
        shown.push(format!("and {} more", names.len() - max));
    }
    shown.join(", ")
}

/// The KMS actions the statement's `Action` strings cover, read from the JSON (so it works when
/// the policy did not lower): each `kms:` pattern (or `*`) expanded against the catalogue.
pub(crate) fn written_kms_actions(
    cx: &PolicyCx<'_>,
    view: &StmtView<'_>,
) -> Vec<&'static ActionInfo> {
    let catalog: &'static Catalog = cx.catalog;
    let mut out: Vec<&'static ActionInfo> = Vec::new();
    for (text, _) in view.strings_of("Action") {
        for a in catalog.expand(text) {
            if !out.iter().any(|o| o.name == a.name) {
                out.push(a);
            }
        }
    }
    out
}

/// A `Resource` entry that names a KMS key the way only the KMS API accepts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyRef {
    /// A bare key id (`1234abcd-…`, `mrk-…`).
    KeyId,
    /// `key/1234abcd-…` without the ARN head.
    KeyPath,
    /// `alias/name`.
    AliasName,
    /// `arn:aws:kms:…:alias/name`.
    AliasArn,
}

/// Classifies a `Resource` entry that refers to a key without being its key ARN.
pub(crate) fn key_reference(text: &str) -> Option<KeyRef> {
    if let Some([_, _, service, _, _, resource]) = arn_fields(text) {
        return (service.eq_ignore_ascii_case("kms") && resource.starts_with("alias/"))
            .then_some(KeyRef::AliasArn);
    }
    if text.starts_with("alias/") {
        return Some(KeyRef::AliasName);
    }
    if text.starts_with("key/") {
        return Some(KeyRef::KeyPath);
    }
    let id = text.strip_prefix("mrk-").unwrap_or(text);
    let uuid = id.len() == 36
        && id.char_indices().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        });
    let mrk =
        text.starts_with("mrk-") && id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit());
    (uuid || mrk).then_some(KeyRef::KeyId)
}

/// The value family an operator compares in: the policy model's own classification.
pub(crate) use crate::policy::Family as OpFamily;

/// The family of `op`.
pub(crate) fn op_family(op: BaseOp) -> OpFamily {
    op.family()
}

/// Whether a condition is a plain positive test: not negated, no `IfExists`, not `Null`.
pub(crate) fn positive(c: &Condition) -> bool {
    !c.operator.base.negated() && !c.operator.if_exists && c.operator.base != BaseOp::Null
}

/// The span of the first `Action` pattern of `st` that matches `action_lower` (`kms:createkey`).
pub(crate) fn action_span(st: &Statement, action_lower: &str) -> Option<Span> {
    let a = st.action.as_ref().filter(|a| !a.negated)?;
    a.patterns
        .items
        .iter()
        .find(|p| wildcard_match(&p.text.to_ascii_lowercase(), action_lower))
        .map(|p| p.span)
}

/// What the `Allow` statements of a key policy give one named principal (KP107, KP108).
pub(crate) struct Grants<'a> {
    /// The principal as written.
    pub(crate) text: &'a str,
    /// The principal.
    pub(crate) value: &'a PrincipalValue,
    /// Management actions other than the destructive ones, and unconstrained `CreateGrant`.
    pub(crate) admin: Vec<String>,
    /// Destructive actions (deletion, disabling, re-policing).
    pub(crate) destructive: Vec<String>,
    /// Cryptographic actions.
    pub(crate) crypto: Vec<String>,
    /// Whether one statement gives it every KMS action (KP106's case).
    pub(crate) all_in_one: bool,
    /// The principal in the first statement giving it administration.
    pub(crate) admin_span: Option<Span>,
    /// The principal in the first statement giving it destructive actions.
    pub(crate) destructive_span: Option<Span>,
    /// The principal in the first statement giving it cryptographic actions.
    pub(crate) crypto_span: Option<Span>,
}

/// The grants of every named principal (roles, users, sessions, services) across the `Allow`
/// statements, in order of first appearance.
pub(crate) fn grants_by_principal<'a>(cx: &PolicyCx<'a>) -> Vec<Grants<'a>> {
    let t = &cx.catalog.tables;
    let mut out: Vec<Grants<'a>> = Vec::new();
    for view in &cx.statements {
        let Some(st) = view.ast else { continue };
        if st.effect != crate::Effect::Allow {
            continue;
        }
        let actions = kms_actions(cx.catalog, st);
        let all = actions.len() == cx.catalog.actions.len();
        let grant_for_aws = conditions(st).iter().any(|c| {
            c.key_lower == "kms:grantisforawsresource"
                && c.values
                    .items
                    .iter()
                    .any(|v| v.text().eq_ignore_ascii_case("true"))
        });
        for (v, span) in principal_values(view, st) {
            if !is_named_principal(v) {
                continue;
            }
            let i = match out.iter().position(|g| g.text == v.text()) {
                Some(i) => i,
                None => {
                    out.push(Grants {
                        text: v.text(),
                        value: v,
                        admin: Vec::new(),
                        destructive: Vec::new(),
                        crypto: Vec::new(),
                        all_in_one: false,
                        admin_span: None,
                        destructive_span: None,
                        crypto_span: None,
                    });
                    out.len() - 1
                }
            };
            let Some(g) = out.get_mut(i) else { continue };
            g.all_in_one |= all;
            for a in &actions {
                let name = &a.name;
                let (list, at) = if Catalog::in_list(&t.destructive_actions, name) {
                    (&mut g.destructive, &mut g.destructive_span)
                } else if Catalog::in_list(&t.management_actions, name)
                    || (name == "CreateGrant" && !grant_for_aws)
                {
                    (&mut g.admin, &mut g.admin_span)
                } else if Catalog::in_list(&t.crypto_actions, name) {
                    (&mut g.crypto, &mut g.crypto_span)
                } else {
                    continue;
                };
                if !list.contains(name) {
                    list.push(name.clone());
                }
                if at.is_none() {
                    *at = span;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_coverage() {
        assert!(pattern_covers("kms:*", "kms:decrypt"));
        assert!(pattern_covers("kms:*", "kms:de*"));
        assert!(pattern_covers("kms:de*", "kms:decrypt*"));
        assert!(pattern_covers("kms:decrypt", "kms:decrypt"));
        assert!(!pattern_covers("kms:decrypt", "kms:decrypt*"));
        assert!(!pattern_covers("kms:de?rypt", "kms:de*rypt"));
        assert!(pattern_covers("kms:de?rypt", "kms:decrypt"));
        assert!(pattern_covers("*", "s3:getobject"));
        assert!(!pattern_covers("kms:en*", "kms:decrypt"));
    }

    #[test]
    fn arns_and_accounts() {
        assert!(reaches_any_account("*"));
        assert!(reaches_any_account("arn:aws:kms:*:*:key/*"));
        assert!(!reaches_any_account("arn:aws:kms:*:111122223333:key/*"));
        assert_eq!(
            arn_fields("arn:aws:kms:us-east-1:111122223333:key/a:b").map(|[.., r]| r),
            Some("key/a:b")
        );
        assert!(arn_fields("alias/app").is_none());
        assert_eq!(
            key_reference("1234abcd-12ab-34cd-56ef-1234567890ab"),
            Some(KeyRef::KeyId)
        );
        assert_eq!(
            key_reference("mrk-1234abcd12ab34cd56ef1234567890ab"),
            Some(KeyRef::KeyId)
        );
        assert_eq!(key_reference("alias/app"), Some(KeyRef::AliasName));
        assert_eq!(
            key_reference("arn:aws:kms:us-east-1:111122223333:alias/app"),
            Some(KeyRef::AliasArn)
        );
        assert_eq!(
            key_reference("arn:aws:kms:us-east-1:111122223333:key/x"),
            None
        );
        assert_eq!(key_reference("app"), None);
    }
}
