//! A small reference evaluator for the cases of [`crate::model`], written from
//! `kms-authorization.md` §2 (matching), §3.3 (one condition entry), §4 (variables), §6 (the
//! encryption-context keys) and §8.2–§8.5 (statement evaluation and the decision), for a world
//! with one key policy, one identity policy, no grants, no organization, no boundary, no session
//! or VPC endpoint policy.
//!
//! Engine choices it follows, because the spec leaves them open or states them as [ENGINE]:
//! `Deny` + `NotPrincipal` uses the chain model (§2.3); a request value that cannot be read for
//! its operator (not a number, a date, an IP, a boolean, an ARN) or a condition on an
//! encryption-context key that the request carries in two spellings is an evaluation error, and
//! an error anywhere makes the decision at best `implicitDeny` (fail closed). Entries and values
//! combine in three-valued logic, so that their order never matters: a statement's condition
//! entries are ANDed (a false entry decides; an unevaluable one matters only when none is
//! false), and the values of one entry are ORed (a matching value decides; an unevaluable one
//! matters only when none matches).

use crate::model::{
    CallerKind, Case, CondDef, PrincipalDef, Stmt, ACTIONS, ACTION_PATTERNS, BOOLS, CALLERS,
    CONTEXTS, DATES, IPS, KEY_ACCOUNT, KEY_ARN, NUMBERS, PRINCIPALS, PRINCIPAL_ARNS, RESOURCES,
};

/// The decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Access is allowed.
    Allowed,
    /// An applicable `Deny`.
    ExplicitDeny,
    /// No allow path (or an evaluation error).
    ImplicitDeny,
}

/// The reference's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer {
    /// The decision.
    pub decision: Decision,
    /// Whether some statement could not be evaluated.
    pub error: bool,
}

/// `*` matches any run of characters, `?` exactly one; anchored at both ends.
pub fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    // match_from[i][j]: does p[i..] match t[j..]? Filled from the end.
    let mut next = vec![false; t.len() + 1];
    next[t.len()] = true;
    for i in (0..p.len()).rev() {
        let mut cur = vec![false; t.len() + 1];
        for j in (0..=t.len()).rev() {
            cur[j] = match p[i] {
                '*' => next[j] || (j < t.len() && cur[j + 1]),
                '?' => j < t.len() && next[j + 1],
                ch => j < t.len() && t[j] == ch && next[j + 1],
            };
        }
        next = cur;
    }
    next[0]
}

/// The six components of an ARN (split on the first five colons), if it is one.
pub fn arn_parts(text: &str) -> Option<Vec<&str>> {
    if !text.starts_with("arn:") {
        return None;
    }
    let parts: Vec<&str> = text.splitn(6, ':').collect();
    (parts.len() == 6).then_some(parts)
}

/// ARN pattern matching: component by component, wildcards never cross a colon except in the
/// resource part.
fn arn_like(pattern: &str, arn: &str) -> bool {
    match (arn_parts(pattern), arn_parts(arn)) {
        (Some(p), Some(a)) => p.iter().zip(a.iter()).all(|(p, a)| glob(p, a)),
        _ => false,
    }
}

/// §2.1: actions are matched ignoring case.
fn action_matches(pattern: &str, action: &str) -> bool {
    glob(&pattern.to_ascii_lowercase(), &action.to_ascii_lowercase())
}

/// §2.2: `*` matches everything (in a key policy: this key); otherwise ARN matching.
fn resource_matches(pattern: &str) -> bool {
    pattern == "*" || arn_like(pattern, KEY_ARN)
}

/// How a principal value names the caller (§2.3, §8.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Named {
    No,
    Account,
    Direct,
}

fn names(v: PrincipalDef, case: &Case) -> Named {
    let caller = CALLERS[case.caller];
    match (v, caller.kind) {
        (PrincipalDef::AnyAws, _) => Named::Direct,
        (PrincipalDef::Account(_, account), _) if caller.account == Some(account) => Named::Account,
        (PrincipalDef::Role(_, account, name), CallerKind::Role { name: n, .. })
            if caller.account == Some(account) && name == n =>
        {
            Named::Direct
        }
        (PrincipalDef::User(arn), CallerKind::User { .. }) if arn == caller.text => Named::Direct,
        (PrincipalDef::Session(arn), CallerKind::Role { .. }) if arn == caller.text => {
            Named::Direct
        }
        (PrincipalDef::Service(s), CallerKind::Service(n)) if s == n => Named::Direct,
        _ => Named::No,
    }
}

/// How the statement's `Principal`/`NotPrincipal` admits the caller.
fn principal(s: &Stmt, case: &Case) -> Named {
    let Some(p) = &s.principal else {
        return Named::Direct; // identity policies name no principal
    };
    if !p.negated {
        if p.star {
            return Named::Direct;
        }
        let all: Vec<Named> = p
            .values
            .iter()
            .map(|&v| names(PRINCIPALS[v], case))
            .collect();
        return if all.contains(&Named::Direct) {
            Named::Direct
        } else if all.contains(&Named::Account) {
            Named::Account
        } else {
            Named::No
        };
    }
    // NotPrincipal.
    let listed = |f: &dyn Fn(PrincipalDef) -> bool| p.values.iter().any(|&v| f(PRINCIPALS[v]));
    let applies = if p.star || listed(&|v| v == PrincipalDef::AnyAws) {
        false
    } else if s.allow {
        // Allow + NotPrincipal: everyone not listed, at any level.
        !p.values
            .iter()
            .any(|&v| names(PRINCIPALS[v], case) != Named::No)
    } else {
        // Deny + NotPrincipal: exempt only when every identity of the caller's chain is listed.
        let caller = CALLERS[case.caller];
        let account_listed =
            || listed(&|v| matches!(v, PrincipalDef::Account(_, a) if Some(a) == caller.account));
        let exempt = match caller.kind {
            CallerKind::Service(name) => {
                listed(&|v| matches!(v, PrincipalDef::Service(s) if s == name))
            }
            CallerKind::Root => account_listed(),
            CallerKind::User { .. } => {
                account_listed() && listed(&|v| v == PrincipalDef::User(caller.text))
            }
            CallerKind::Role { name, session, .. } => {
                account_listed()
                    && listed(
                        &|v| matches!(v, PrincipalDef::Role(_, a, n) if Some(a) == caller.account && n == name),
                    )
                    && (session.is_none() || listed(&|v| v == PrincipalDef::Session(caller.text)))
            }
        };
        !exempt
    };
    if applies {
        Named::Direct
    } else {
        Named::No
    }
}

/// A condition key's value in the request (§3.3, §5, §6.2).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Value {
    Absent,
    Single(String),
    Multi(Vec<String>),
    /// Two encryption-context pairs whose keys differ only by case.
    Ambiguous,
}

fn opt(v: Option<&str>) -> Value {
    v.map_or(Value::Absent, |s| Value::Single(s.to_string()))
}

fn username(case: &Case) -> Option<&'static str> {
    match CALLERS[case.caller].kind {
        CallerKind::User { name, .. } => Some(name),
        _ => None,
    }
}

fn lookup(key: &str, case: &Case) -> Value {
    let caller = CALLERS[case.caller];
    let (_, _, takes_ec) = ACTIONS[case.action];
    let ec = CONTEXTS[case.ec];
    match key.to_ascii_lowercase().as_str() {
        "kms:encryptioncontext:tenant" if takes_ec => {
            let found: Vec<&str> = ec
                .iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case("tenant"))
                .map(|(_, v)| *v)
                .collect();
            match found.as_slice() {
                [] => Value::Absent,
                [v] => Value::Single((*v).to_string()),
                _ => Value::Ambiguous,
            }
        }
        "kms:encryptioncontextkeys" if takes_ec && !ec.is_empty() => {
            Value::Multi(ec.iter().map(|(k, _)| (*k).to_string()).collect())
        }
        "kms:calleraccount" => opt(caller.account),
        "aws:principalarn" => match PRINCIPAL_ARNS[case.principal_arn] {
            Some(v) => Value::Single(v.to_string()),
            None => match caller.kind {
                CallerKind::Service(_) => Value::Absent,
                CallerKind::Role { name, .. } => Value::Single(format!(
                    "arn:aws:iam::{}:role/{name}",
                    caller.account.unwrap_or_default()
                )),
                _ => Value::Single(caller.text.to_string()),
            },
        },
        "aws:username" => opt(username(case)),
        "custom:n" => opt(NUMBERS[case.number]),
        "aws:currenttime" => opt(DATES[case.date]),
        "aws:sourceip" => opt(IPS[case.ip]),
        "aws:securetransport" => opt(BOOLS[case.secure]),
        _ => Value::Absent,
    }
}

/// An entry that cannot be evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct EvalError;

/// Seconds since the epoch: digits (epoch seconds) or one of the ISO 8601 instants the
/// vocabulary uses.
fn date(text: &str) -> Option<i64> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok();
    }
    match text {
        "2025-01-01T00:00:00Z" => Some(1_735_689_600),
        "2030-01-01T00:00:00Z" => Some(1_893_456_000),
        "2031-06-01T12:00:00Z" => Some(1_938_081_600),
        _ => None,
    }
}

fn number(text: &str) -> Option<f64> {
    if text.is_empty()
        || !text
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
    {
        return None;
    }
    text.parse().ok()
}

fn in_cidr(ip: std::net::IpAddr, cidr: &str) -> bool {
    use std::net::IpAddr;
    let (addr, bits) = match cidr.split_once('/') {
        Some((a, b)) => (a, b.parse::<u32>().ok()),
        None => (cidr, None),
    };
    match (ip, addr.parse::<IpAddr>()) {
        (IpAddr::V4(ip), Ok(IpAddr::V4(net))) => {
            let bits = bits.unwrap_or(32);
            let mask = if bits == 0 {
                0
            } else {
                u32::MAX << (32 - bits)
            };
            u32::from(ip) & mask == u32::from(net) & mask
        }
        (IpAddr::V6(ip), Ok(IpAddr::V6(net))) => {
            let bits = bits.unwrap_or(128);
            let mask = if bits == 0 {
                0
            } else {
                u128::MAX << (128 - bits)
            };
            u128::from(ip) & mask == u128::from(net) & mask
        }
        _ => false,
    }
}

fn boolean(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// The base operator of an operator name: (set prefix, base, IfExists).
fn split_op(op: &str) -> (Option<&str>, &str, bool) {
    let (set, rest) = match op.split_once(':') {
        Some((s, r)) => (Some(s), r),
        None => (None, op),
    };
    match rest.strip_suffix("IfExists") {
        Some(base) => (set, base, true),
        None => (set, rest, false),
    }
}

fn negated(base: &str) -> bool {
    base.contains("Not")
}

/// The policy value with its variable (`${aws:username}` or `${kms:EncryptionContext:tenant}`)
/// substituted; `None` when the variable has no value, an error when it names a key the request
/// carries in two spellings (§4: only single-valued keys resolve).
fn substitute(p: &str, case: &Case) -> Result<Option<String>, EvalError> {
    if p.contains("${aws:username}") {
        return Ok(username(case).map(|u| p.replace("${aws:username}", u)));
    }
    const TENANT: &str = "${kms:EncryptionContext:tenant}";
    if p.contains(TENANT) {
        return match lookup("kms:EncryptionContext:tenant", case) {
            Value::Single(v) => Ok(Some(p.replace(TENANT, &v))),
            Value::Ambiguous => Err(EvalError),
            Value::Absent | Value::Multi(_) => Ok(None),
        };
    }
    Ok(Some(p.to_string()))
}

/// Whether request value `x` matches policy value `p` under the positive form of `base`.
fn matches(base: &str, x: &str, p: &str, case: &Case) -> Result<bool, EvalError> {
    let positive = base.replace("Not", "");
    let cmp = |o: std::cmp::Ordering| match positive.as_str() {
        s if s.ends_with("LessThanEquals") => o.is_le(),
        s if s.ends_with("LessThan") => o.is_lt(),
        s if s.ends_with("GreaterThanEquals") => o.is_ge(),
        s if s.ends_with("GreaterThan") => o.is_gt(),
        _ => o.is_eq(),
    };
    Ok(match positive.as_str() {
        "StringEquals" => substitute(p, case)?.is_some_and(|p| x == p),
        "StringEqualsIgnoreCase" => {
            substitute(p, case)?.is_some_and(|p| x.to_lowercase() == p.to_lowercase())
        }
        "StringLike" => substitute(p, case)?.is_some_and(|p| glob(&p, x)),
        "ArnLike" | "ArnEquals" => {
            if arn_parts(x).is_none() {
                return Err(EvalError);
            }
            arn_like(p, x)
        }
        "IpAddress" => match x.parse::<std::net::IpAddr>() {
            Ok(ip) => in_cidr(ip, p),
            Err(_) => return Err(EvalError),
        },
        "Bool" => match boolean(x) {
            Some(b) => boolean(p) == Some(b),
            None => return Err(EvalError),
        },
        b if b.starts_with("Numeric") => match (number(x), number(p)) {
            (Some(x), Some(p)) => x.partial_cmp(&p).is_some_and(cmp),
            _ => return Err(EvalError),
        },
        b if b.starts_with("Date") => match (date(x), date(p)) {
            (Some(x), Some(p)) => cmp(x.cmp(&p)),
            _ => return Err(EvalError),
        },
        other => unreachable!("operator {other} is not in the vocabulary"),
    })
}

/// `T(x)` of §3.3: positive — some policy value matches; negated — none does. A value that
/// cannot be evaluated matters only when no value matches.
fn test(base: &str, x: &str, values: &[&str], case: &Case) -> Result<bool, EvalError> {
    let results: Vec<Result<bool, EvalError>> =
        values.iter().map(|p| matches(base, x, p, case)).collect();
    if results.contains(&Ok(true)) {
        Ok(!negated(base))
    } else if results.iter().any(Result::is_err) {
        Err(EvalError)
    } else {
        Ok(negated(base))
    }
}

/// One condition entry (§3.3 table).
fn condition(d: &CondDef, key: &str, case: &Case) -> Result<bool, EvalError> {
    let value = lookup(key, case);
    let (set, base, if_exists) = split_op(d.op);
    if base == "Null" {
        let present = value != Value::Absent;
        return Ok(d.values.iter().any(|v| (*v == "true") != present));
    }
    match (value, set) {
        (Value::Absent, None) => Ok(if_exists || negated(base)),
        (Value::Absent, Some("ForAllValues")) => Ok(true),
        (Value::Absent, Some(_)) => Ok(if_exists),
        (Value::Ambiguous, _) => Err(EvalError),
        (Value::Single(x), _) => test(base, &x, d.values, case),
        (Value::Multi(_), None) => Ok(false),
        // Set members combine in three-valued logic too: a deciding member wins over one that
        // cannot be evaluated.
        (Value::Multi(xs), Some(set)) => {
            let decisive = set != "ForAllValues";
            let results: Vec<Result<bool, EvalError>> =
                xs.iter().map(|x| test(base, x, d.values, case)).collect();
            if results.contains(&Ok(decisive)) {
                Ok(decisive)
            } else if results.iter().any(Result::is_err) {
                Err(EvalError)
            } else {
                Ok(!decisive)
            }
        }
    }
}

/// Whether a statement applies (§8.2): `Ok(Some(how the principal was named))`, `Ok(None)` when it
/// does not apply, `Err` when a condition could not be evaluated.
fn applies(s: &Stmt, case: &Case) -> Result<Option<Named>, EvalError> {
    let (action, _, _) = ACTIONS[case.action];
    let any_action = s
        .actions
        .iter()
        .any(|&a| action_matches(ACTION_PATTERNS[a], action));
    if any_action == s.not_action {
        return Ok(None);
    }
    let named = principal(s, case);
    if named == Named::No {
        return Ok(None);
    }
    let any_resource = s.resources.iter().any(|&r| resource_matches(RESOURCES[r]));
    if any_resource == s.not_resource {
        return Ok(None);
    }
    // The entries are ANDed: any false entry makes the statement not apply; otherwise any
    // unevaluable entry makes it an error.
    let results: Vec<Result<bool, EvalError>> = s
        .conditions()
        .iter()
        .map(|(d, key)| condition(d, key, case))
        .collect();
    if results.contains(&Ok(false)) {
        Ok(None)
    } else if results.iter().any(Result::is_err) {
        Err(EvalError)
    } else {
        Ok(Some(named))
    }
}

/// What one policy contributes (§8.3).
#[derive(Debug, Default)]
struct PolicyResult {
    deny: bool,
    allow: bool,
    direct: bool,
    account: bool,
    error: bool,
}

fn evaluate(stmts: &[Stmt], case: &Case) -> PolicyResult {
    let mut r = PolicyResult::default();
    for s in stmts {
        match applies(s, case) {
            Err(EvalError) => r.error = true,
            Ok(None) => {}
            Ok(Some(named)) if !s.allow => {
                let _ = named; // a Deny applies whatever level named the caller
                r.deny = true;
            }
            Ok(Some(named)) => {
                r.allow = true;
                match named {
                    Named::Direct => r.direct = true,
                    Named::Account => r.account = true,
                    Named::No => {}
                }
            }
        }
    }
    r
}

/// Decides a case (§8.4, §8.5 without guardrails, fail closed).
pub fn decide(case: &Case) -> Answer {
    let caller = CALLERS[case.caller];
    let (_, cross_account_capable, _) = ACTIONS[case.action];
    let kp = evaluate(&case.key, case);
    let listed = match caller.kind {
        CallerKind::User { listed, .. } | CallerKind::Role { listed, .. } => listed,
        CallerKind::Root | CallerKind::Service(_) => false,
    };
    let id = if listed && !case.identity.is_empty() {
        evaluate(&case.identity, case)
    } else {
        PolicyResult::default()
    };
    let error = kp.error || id.error;
    let decision = if kp.deny || id.deny {
        Decision::ExplicitDeny
    } else {
        let same = caller.account.is_none_or(|a| a == KEY_ACCOUNT);
        // The root user has an implicit identity allow; a service principal has no identity side.
        let id_allow = match caller.kind {
            CallerKind::Root => true,
            CallerKind::Service(_) => false,
            _ => id.allow,
        };
        let allowed = if !same && !cross_account_capable {
            false
        } else if same {
            kp.direct || (kp.account && id_allow)
        } else {
            (kp.direct || kp.account) && id_allow
        };
        if allowed && !error {
            Decision::Allowed
        } else {
            Decision::ImplicitDeny
        }
    };
    Answer { decision, error }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CondUse;

    #[test]
    fn glob_basics() {
        assert!(glob("kms:*", "kms:decrypt"));
        assert!(glob("*a*a*b", "xaxaxab"));
        assert!(!glob("*a*a*b", "aaaa"));
        assert!(glob("?", "a"));
        assert!(!glob("?", ""));
        assert!(glob("", ""));
        assert!(glob("*", ""));
    }

    #[test]
    fn cidrs() {
        let ip = |s: &str| s.parse().unwrap();
        assert!(in_cidr(ip("10.1.2.3"), "10.0.0.0/8"));
        assert!(!in_cidr(ip("11.1.2.3"), "10.0.0.0/8"));
        assert!(in_cidr(ip("192.168.0.1"), "192.168.0.1"));
        assert!(!in_cidr(ip("2001:db8::1"), "10.0.0.0/8"));
        assert!(in_cidr(ip("2001:db8::1"), "2001:db8::/32"));
    }

    fn stmt(allow: bool, principal: usize, condition: Option<usize>) -> Stmt {
        Stmt {
            allow,
            principal: Some(crate::model::PrincipalSpec {
                negated: false,
                star: false,
                values: vec![principal],
            }),
            not_action: false,
            actions: vec![1],
            not_resource: false,
            resources: vec![0],
            conditions: condition
                .map(|def| vec![CondUse { def, spelling: 0 }])
                .unwrap_or_default(),
        }
    }

    fn case(key: Vec<Stmt>, identity: Vec<Stmt>, caller: usize) -> Case {
        Case {
            key,
            identity,
            caller,
            action: 0,
            ec: 1,
            number: 0,
            date: 0,
            ip: 0,
            secure: 0,
            principal_arn: 0,
        }
    }

    #[test]
    fn same_account_delegation_needs_an_identity_allow() {
        let id_allow = Stmt {
            principal: None,
            ..stmt(true, 0, None)
        };
        // Account principal alone: denied for a role, allowed with the identity allow.
        let c = case(vec![stmt(true, 1, None)], vec![], 0);
        assert_eq!(decide(&c).decision, Decision::ImplicitDeny);
        let c = case(vec![stmt(true, 1, None)], vec![id_allow.clone()], 0);
        assert_eq!(decide(&c).decision, Decision::Allowed);
        // Root needs no identity policy.
        let c = case(vec![stmt(true, 1, None)], vec![], 2);
        assert_eq!(decide(&c).decision, Decision::Allowed);
        // Cross account: the key policy naming the external role is not enough without IAM.
        let c = case(vec![stmt(true, 7, None)], vec![], 3);
        assert_eq!(decide(&c).decision, Decision::ImplicitDeny);
        let c = case(vec![stmt(true, 7, None)], vec![id_allow], 3);
        assert_eq!(decide(&c).decision, Decision::Allowed);
    }

    #[test]
    fn a_false_entry_decides_over_an_unevaluable_one() {
        // Deny with `StringEquals kms:CallerAccount` (false for the other account's caller) and
        // `NumericLessThan custom:n` on `abc`: the Deny cannot apply, in either order.
        let mut deny = stmt(false, 0, None);
        deny.conditions = vec![
            CondUse {
                def: 12,
                spelling: 0,
            },
            CondUse {
                def: 17,
                spelling: 0,
            },
        ];
        let mut reversed = deny.clone();
        reversed.conditions.reverse();
        for d in [deny, reversed] {
            let mut c = case(vec![stmt(true, 0, None), d], vec![], 4);
            c.number = 6;
            assert_eq!(
                decide(&c),
                Answer {
                    decision: Decision::Allowed,
                    error: false
                }
            );
        }
    }

    #[test]
    fn errors_fail_closed_and_deny_wins() {
        // NumericLessThan on `abc`: error, so not allowed even with another allow.
        let mut c = case(
            vec![stmt(true, 0, Some(17)), stmt(true, 0, None)],
            vec![],
            0,
        );
        c.number = 6;
        assert_eq!(
            decide(&c),
            Answer {
                decision: Decision::ImplicitDeny,
                error: true
            }
        );
        let c = case(vec![stmt(true, 0, None), stmt(false, 1, None)], vec![], 0);
        assert_eq!(decide(&c).decision, Decision::ExplicitDeny);
    }
}
