//! Semantic checks by asking the engine, not by matching strings: the public-exposure rules
//! (KP101–KP104) and the lockout rule (KP110) build a small synthetic [`World`] around the policy
//! under test — its key, and probe principals whose identity policies allow `kms:*` — and ask
//! [`crate::authorize`] whether a request can be allowed.
//!
//! A probe request supplies the condition values the *caller* controls (the calling service, the
//! encryption context, request tags, network facts) chosen to satisfy the statement being
//! examined, and never the ones the caller cannot choose (`kms:CallerAccount`,
//! `aws:PrincipalArn`, `aws:PrincipalOrgID`, … are derived by the engine from who is calling).
//! So "allowed" means: someone in that position could be allowed.

use crate::policy::{BaseOp, Condition, Policy, PolicyKind, SetOp, Statement};
use crate::world::{Key, Principal};
use crate::{authorize, Decision, Request, World};

/// The key id of the synthetic key.
const KEY_ID: &str = "00000000-0000-4000-8000-000000000000";

/// An account that is neither the key's nor any account named in the policy.
pub fn outsider_account(key_account: &str, policy: &Policy) -> String {
    let text = policy.to_json();
    ["210987654321", "314159265358", "271828182845"]
        .iter()
        .find(|a| **a != key_account && !text.contains(*a))
        .map_or_else(|| "999999999999".to_string(), |a| (*a).to_string())
}

/// The synthetic key's ARN in `account`.
pub fn key_arn(account: &str) -> String {
    format!("arn:aws:kms:us-east-1:{account}:key/{KEY_ID}")
}

/// Keys whose values the caller cannot choose: the engine derives them from the caller.
fn derived(key_lower: &str) -> bool {
    matches!(
        key_lower,
        "kms:calleraccount"
            | "aws:principalaccount"
            | "aws:principalarn"
            | "aws:principalorgid"
            | "aws:principalorgpaths"
            | "aws:principaltype"
            | "aws:userid"
            | "aws:username"
            | "aws:principalisawsservice"
            | "aws:principalservicename"
            | "aws:resourceaccount"
    ) || key_lower.starts_with("aws:principaltag/")
        || key_lower.starts_with("aws:resourcetag/")
}

/// A value that satisfies one positive comparison against `v`.
fn satisfying_value(op: BaseOp, v: &str) -> String {
    use BaseOp::*;
    match op {
        StringLike | ArnLike => v.replace('*', "").replace('?', "x"),
        NumericLessThan => v
            .parse::<f64>()
            .map_or(v.to_string(), |n| format!("{}", n - 1.0)),
        NumericGreaterThan => v
            .parse::<f64>()
            .map_or(v.to_string(), |n| format!("{}", n + 1.0)),
        DateLessThan => "1970-01-01T00:00:00Z".into(),
        DateGreaterThan => "2100-01-01T00:00:00Z".into(),
        IpAddress => v.split('/').next().unwrap_or(v).to_string(),
        _ => v.to_string(),
    }
}

/// Adds to `b` the caller-controlled context that satisfies `conditions`.
fn satisfy<'a>(
    mut b: crate::eval::RequestBuilder<'a>,
    conditions: &'a [Condition],
) -> crate::eval::RequestBuilder<'a> {
    for c in conditions {
        let key = c.key_lower.as_str();
        if derived(key) || c.operator.if_exists {
            continue;
        }
        let first = c.values.items.first().map(|v| v.text()).unwrap_or_default();
        let op = c.operator.base;
        if op == BaseOp::Null {
            if first.eq_ignore_ascii_case("true") {
                b = b.context_absent(c.key.clone());
            } else if let Some(k) = key.strip_prefix("kms:encryptioncontext:") {
                b = b.encryption_context(k, "x");
            } else if key == "kms:encryptioncontextkeys" {
                b = b.encryption_context("probe", "x");
            } else {
                b = b.context(c.key.clone(), "x");
            }
            continue;
        }
        if op.negated() {
            if key.starts_with("kms:encryptioncontext") {
                continue;
            }
            let value = match op {
                BaseOp::NotIpAddress => "203.0.113.7".to_string(),
                _ => "kmspolicy-probe".to_string(),
            };
            b = b.context(c.key.clone(), value);
            continue;
        }
        let value = satisfying_value(op, &first);
        if let Some(k) = c
            .key
            .get("kms:EncryptionContext:".len()..)
            .filter(|_| key.starts_with("kms:encryptioncontext:"))
        {
            b = b.encryption_context(k, value);
        } else if key == "kms:encryptioncontextkeys" {
            if c.operator.set != SetOp::ForAllValues {
                b = b.encryption_context(value, "x");
            }
        } else if c.operator.set == SetOp::ForAllValues {
            // An empty set satisfies ForAllValues; leave the key absent.
        } else if c.operator.set == SetOp::ForAnyValue {
            b = b.context_multi(c.key.clone(), vec![value]);
        } else {
            b = b.context(c.key.clone(), value);
        }
    }
    b
}

/// The identity policy of every probe principal: `kms:*` on everything.
fn allow_all() -> Option<Policy> {
    Policy::parse(
        "<probe identity policy>",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}"#,
        PolicyKind::Identity,
    )
    .ok()
}

/// Whether `principal_arn` (a role or user ARN, given an identity policy allowing `kms:*`) can
/// be allowed `action` on a key in `key_account` whose policy is `policy`, with the
/// caller-controlled context that satisfies `stmt`'s conditions (none when `stmt` is `None`).
pub fn can(
    policy: &Policy,
    key_account: &str,
    principal_arn: &str,
    action: &str,
    stmt: Option<&Statement>,
) -> bool {
    let Some(identity) = allow_all() else {
        return false;
    };
    let arn = key_arn(key_account);
    let Ok(key) = Key::new(&arn, policy.clone()) else {
        return false;
    };
    let Ok(principal) = Principal::new(principal_arn, vec![identity]) else {
        return false;
    };
    let mut world = World::new();
    world.add_key(key);
    world.add_principal(principal);
    let mut b = Request::builder()
        .principal(principal_arn)
        .action(action)
        .resource(arn);
    if let Some(conds) = stmt.and_then(|s| s.conditions.as_deref()) {
        b = satisfy(b, conds);
    }
    let Ok(req) = b.build() else {
        return false;
    };
    authorize(&world, &req).is_ok_and(|r| r.decision == Decision::Allowed)
}
