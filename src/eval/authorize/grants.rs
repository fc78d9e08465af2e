//! Grants (spec §8.6): whether a grant admits the caller for the requested operation — grantee,
//! operations, encryption-context constraints, tokens, child grants, `RetireGrant`.

use super::*;

/// Whether a grant's constraint admits the request's encryption context (spec §8.6): keys are
/// compared ignoring case, values exactly.
pub(super) fn constraint_ok(g: &Grant, req: &Request) -> bool {
    let Some(c) = &g.constraint else { return true };
    if !req.action().takes_encryption_context {
        return true;
    }
    let has = |k: &str, v: &str| {
        req.encryption_context()
            .any(|(rk, rv)| rk.eq_ignore_ascii_case(k) && rv == v)
    };
    match c {
        GrantConstraint::Subset(pairs) => pairs.iter().all(|(k, v)| has(k, v)),
        GrantConstraint::Equals(pairs) => {
            pairs.iter().all(|(k, v)| has(k, v))
                && req.encryption_context().all(|(rk, rv)| {
                    pairs
                        .iter()
                        .any(|(k, v)| k.eq_ignore_ascii_case(rk) && v == rv)
                })
        }
    }
}

/// A grantee whose `CreateGrant` permission comes from a grant may only create a child grant
/// that is no broader (spec §8.6): its operations (`kms:GrantOperations`) a subset of the parent's,
/// its constraint at least as strict (an `EncryptionContextEquals` parent needs the same pairs with
/// `EncryptionContextEquals`; a `EncryptionContextSubset` parent needs its pairs in the child's
/// constraint, of either type). The child's pairs are the request's encryption context and its type
/// `kms:GrantConstraintType`. A request that does not say which operations it grants does not get
/// through a grant.
pub(super) fn child_grant_ok(g: &Grant, req: &Request, ctx: &Ctx<'_>) -> bool {
    use crate::eval::context::Lookup;
    use crate::policy::keys::CondKey;
    let ops_ok = match ctx.get("kms:grantoperations", &CondKey::Other) {
        Lookup::Multi(ops) => ops.iter().all(|op| g.operations.iter().any(|o| o == op)),
        Lookup::Single(op) => g.operations.iter().any(|o| *o == *op),
        Lookup::Absent | Lookup::Conflict => false,
    };
    if !ops_ok {
        return false;
    }
    let child_type = match ctx.get("kms:grantconstrainttype", &CondKey::Other) {
        Lookup::Single(t) => Some(t),
        _ => None,
    };
    let has = |k: &str, v: &str| {
        req.encryption_context()
            .any(|(rk, rv)| rk.eq_ignore_ascii_case(k) && rv == v)
    };
    match &g.constraint {
        None => true,
        Some(GrantConstraint::Equals(pairs)) => {
            child_type.as_deref() == Some("EncryptionContextEquals")
                && pairs.len() == req.encryption_context_len()
                && pairs.iter().all(|(k, v)| has(k, v))
        }
        Some(GrantConstraint::Subset(pairs)) => {
            matches!(
                child_type.as_deref(),
                Some("EncryptionContextEquals" | "EncryptionContextSubset")
            ) && pairs.iter().all(|(k, v)| has(k, v))
        }
    }
}

/// How a grant admits the caller: as grantee of a usable grant for the operation, or — for
/// `RetireGrant` (spec §8.6) — as the retiring principal or a grantee whose grant includes
/// `RetireGrant`.
pub(super) fn grant_match(
    g: &Grant,
    req: &Request,
    who: &Who<'_>,
    ctx: &Ctx<'_>,
) -> PrincipalMatch {
    if req.action().name == "RetireGrant" {
        let as_grantee = if g.operations.iter().any(|o| o == "RetireGrant") {
            match_value(&g.grantee, who)
        } else {
            PrincipalMatch::No
        };
        let as_retiring = g
            .retiring
            .as_ref()
            .map_or(PrincipalMatch::No, |r| match_value(r, who));
        return match (as_grantee, as_retiring) {
            (PrincipalMatch::Direct(k), _) | (_, PrincipalMatch::Direct(k)) => {
                PrincipalMatch::Direct(k)
            }
            (PrincipalMatch::Account, _) | (_, PrincipalMatch::Account) => PrincipalMatch::Account,
            _ => PrincipalMatch::No,
        };
    }
    // The grantee first: on a key with many grants it rules out nearly all of them cheaply.
    let grantee = match_value(&g.grantee, who);
    let usable = grantee != PrincipalMatch::No
        && (g.consistent
            || g.token
                .as_ref()
                .is_some_and(|t| req.grant_tokens().contains(t)))
        && g.operations.iter().any(|o| o == req.action().name)
        && if req.action().name == "CreateGrant" {
            child_grant_ok(g, req, ctx)
        } else {
            constraint_ok(g, req)
        };
    if usable {
        grantee
    } else {
        PrincipalMatch::No
    }
}
