//! Reading statements the way several rules need: the KMS actions a statement covers (wildcards
//! and `NotAction` expanded against the catalogue), its wildcard principal, its principals'
//! accounts, and its conditions.

use crate::json::Value;
use crate::lint::catalog::{wildcard_match, ActionInfo, Catalog};
use crate::lint::context::{PolicyCx, StmtView};
use crate::policy::{Condition, PrincipalValue, Statement};
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
