//! Turning an outcome and its trace into the [`Response`] users read: the deciding statements of
//! the paths that decided, the grants used, and AWS's AccessDenied message (spec §9).

use super::*;

/// Builds the explanation from the trace and the outcome.
pub(super) fn response(o: Outcome, trace: Full<'_>, key: Option<&Key>) -> Response {
    let p = o.paths;
    let mut deciding: Vec<StatementRef> = Vec::new();
    let mut grants = Vec::new();
    let push = |h: &Hit<'_>, deciding: &mut Vec<StatementRef>| {
        if let Some(r) = statement_ref(h) {
            if !deciding.contains(&r) {
                deciding.push(r);
            }
        }
    };
    match o.decision {
        Decision::ExplicitDeny => {
            let mut denies: Vec<&Hit<'_>> = trace
                .hits
                .iter()
                .filter(|h| {
                    h.policy
                        .statements
                        .get(h.index)
                        .is_some_and(|s| s.effect == Effect::Deny)
                })
                .collect();
            denies.sort_by_key(|h| h.set);
            for h in denies {
                push(h, &mut deciding);
            }
        }
        Decision::Allowed => {
            let allows = trace.hits.iter().filter(|h| {
                h.policy
                    .statements
                    .get(h.index)
                    .is_some_and(|s| s.effect == Effect::Allow)
            });
            for h in allows.clone().filter(|h| h.set == SetId::Key) {
                let used = match h.pm {
                    PrincipalMatch::Direct(k) => {
                        (p.kp_direct && p.survives(k)) || (p.delegated && !p.same)
                    }
                    PrincipalMatch::Account => p.delegated,
                    PrincipalMatch::No => false,
                };
                if used {
                    push(h, &mut deciding);
                }
            }
            if p.delegated || p.grant_identity {
                for h in allows.filter(|h| h.set == SetId::Identity) {
                    push(h, &mut deciding);
                }
            }
            for (k, g, pm) in &trace.grants {
                let used = match pm {
                    PrincipalMatch::Direct(kind) => p.survives(*kind),
                    PrincipalMatch::Account => p.grant_identity,
                    PrincipalMatch::No => false,
                };
                if used {
                    grants.push(GrantRef {
                        key: k.arn.arn.clone(),
                        grant_id: g.id.clone(),
                        matched_as: match pm {
                            PrincipalMatch::Direct(kind) => kind_label(*kind).to_string(),
                            _ => "account (needs an IAM allow)".to_string(),
                        },
                    });
                }
            }
        }
        Decision::ImplicitDeny => {}
    }
    let (error_code, message) = match (o.decision, o.state, key) {
        (Decision::Allowed, Some(e), Some(k)) => (e.code.to_string(), Some(e.message(&k.arn.arn))),
        _ => (o.error_code.to_string(), None),
    };
    Response {
        decision: o.decision,
        deciding,
        grants,
        blocked_by: o.blocked.map(|k| k.aws_phrase().to_string()),
        failed_conditions: trace.failed,
        missing_keys: trace.missing,
        errors: trace.errors,
        notes: trace.notes,
        error_code,
        message,
    }
}

/// Both parts of a two-resource operation must allow; an explicit deny in either wins.
pub(super) fn combine(a: Response, b: Response) -> Response {
    // When both allow, the key part stays first; the merge below takes the second part's
    // key-state error when the first has none.
    let (first, second) = if second_decides(a.decision, b.decision, true) {
        (b, a)
    } else {
        (a, b)
    };
    let mut out = first;
    if out.decision == Decision::Allowed {
        out.deciding.extend(second.deciding);
        if out.error_code == "none" {
            out.error_code = second.error_code;
            out.message = second.message;
        }
    }
    out.failed_conditions.extend(second.failed_conditions);
    for k in second.missing_keys {
        if !out.missing_keys.contains(&k) {
            out.missing_keys.push(k);
        }
    }
    out.errors.extend(second.errors);
    out.notes.extend(second.notes);
    out
}

/// AWS's AccessDenied message (spec §9).
pub(super) fn access_denied_message(req: &Request, resource: Option<&str>, r: &Response) -> String {
    let user = req.caller.display_arn();
    let action = req.action_name();
    let on = resource
        .map(|r| format!(" on resource: {r}"))
        .unwrap_or_default();
    let phrase = r
        .blocked_by
        .clone()
        .unwrap_or_else(|| "resource-based policy".into());
    let cross_account = match (resource, req.caller.account()) {
        (Some(res), Some(caller)) => {
            crate::values::split_arn(res).is_some_and(|p| p.get(4) != Some(&caller))
        }
        _ => false,
    };
    if cross_account && phrase == "resource-based policy" {
        return format!("User: {user} is not authorized to perform: {action} on this resource because the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access");
    }
    match r.decision {
        Decision::ExplicitDeny => {
            format!("User: {user} is not authorized to perform: {action}{on} with an explicit deny in a {phrase}")
        }
        _ => format!("User: {user} is not authorized to perform: {action}{on} because no {phrase} allows the {action} action"),
    }
}
