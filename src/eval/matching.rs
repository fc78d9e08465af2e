//! Does one statement apply to a request? (spec §2, §8.2)
//!
//! Action, resource, principal and conditions are checked separately from how the results are
//! combined (that is [`super::authorize`]). Principal matching reports *how* the caller was named
//! — directly, or only through its account — because KMS's decision procedure depends on it.

use super::caller::CallerKind;
use super::conditions::{eval_condition, template_glob, EvalError};
use super::context::Ctx;
use crate::kms::ActionId;
use crate::policy::index::Token;
use crate::policy::{
    ActionElement, ArnResource, Effect, PrincipalElement, PrincipalValue, ResourceElement,
    ResourceMatcher, ResourcePattern, Statement,
};
use crate::values::{same, split_arn};
use crate::world::{KeyArn, Principal};

/// What a direct principal match named (spec §8.2), which decides whether a permissions boundary
/// or session policy limits the allow (spec §8.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum DirectKind {
    /// `"*"`.
    Wildcard,
    /// A service principal.
    Service,
    /// The IAM user (ARN or `AIDA…` id).
    User,
    /// The IAM user behind a federated-user session.
    FederatedParentUser,
    /// The role (ARN or `AROA…` id) of a role session.
    Role,
    /// The exact role session or federated-user session.
    ExactSession,
}

impl DirectKind {
    /// Whether an implicit deny in a permissions boundary removes an allow that named the caller
    /// this way (spec §8.5 table).
    pub(crate) fn limited_by_boundary(self) -> bool {
        matches!(self, DirectKind::Role | DirectKind::FederatedParentUser)
    }

    /// Whether an implicit deny in a session policy removes it.
    pub(crate) fn limited_by_session(self) -> bool {
        matches!(
            self,
            DirectKind::Role | DirectKind::FederatedParentUser | DirectKind::User
        )
    }
}

/// How a statement's principal matched the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PrincipalMatch {
    No,
    /// Through the caller's account only: delegation to the account's IAM policies.
    Account,
    Direct(DirectKind),
}

impl DirectKind {
    /// How many guardrail filters can remove an allow that named the caller this way.
    fn limits(self) -> u8 {
        u8::from(self.limited_by_boundary()) + u8::from(self.limited_by_session())
    }
}

impl PrincipalMatch {
    /// The match that gives the caller the most: a direct match over an account match, and among
    /// direct matches the one the fewest guardrails can remove (`"*"` before the role), so the
    /// order of a statement's principal values never matters.
    fn better(self, other: PrincipalMatch) -> PrincipalMatch {
        match (self, other) {
            (PrincipalMatch::Direct(a), PrincipalMatch::Direct(b)) => {
                if b.limits() < a.limits() {
                    other
                } else {
                    self
                }
            }
            (PrincipalMatch::Direct(_), _) => self,
            (_, PrincipalMatch::Direct(_)) => other,
            (PrincipalMatch::Account, _) | (_, PrincipalMatch::Account) => PrincipalMatch::Account,
            _ => PrincipalMatch::No,
        }
    }
}

/// The caller plus what the world knows about it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Who<'a> {
    pub(crate) caller: CallerKind<'a>,
    /// The listed IAM user or role behind the caller (for sessions: the role).
    pub(crate) principal: Option<&'a Principal>,
}

impl<'a> Who<'a> {
    fn unique_id(&self) -> Option<&'a str> {
        self.principal.and_then(|p| p.unique_id.as_deref())
    }

    /// The index tokens under which a statement naming this caller is filed.
    pub(crate) fn tokens(&self) -> ([Token<'a>; 4], usize) {
        let caller = self.caller;
        let none = Token::Service("");
        let mut out = [none; 4];
        let mut n = 0;
        let mut push = |t: Token<'a>| {
            if let Some(slot) = out.get_mut(n) {
                *slot = t;
                n += 1;
            }
        };
        match caller {
            CallerKind::Root { account, .. } => push(Token::Account(account)),
            CallerKind::User { account, name, .. } => {
                push(Token::Account(account));
                push(Token::User(account, name));
            }
            CallerKind::RoleSession {
                account,
                role_name,
                session_arn,
                ..
            } => {
                push(Token::Account(account));
                push(Token::Role(account, role_name));
                if let Some(s) = session_arn {
                    push(Token::Session(s));
                }
            }
            CallerKind::FederatedUser { account, name, arn } => {
                push(Token::Account(account));
                push(Token::User(account, name));
                push(Token::FederatedUser(arn));
            }
            CallerKind::Service { name } => push(Token::Service(name)),
        }
        if let Some(id) = self.unique_id() {
            push(Token::UniqueId(id));
        }
        (out, n)
    }
}

/// How one principal value matches the caller.
pub(crate) fn match_value(v: &PrincipalValue, who: &Who<'_>) -> PrincipalMatch {
    use PrincipalMatch::{Account, Direct, No};
    match (v, who.caller) {
        (PrincipalValue::Any, _) => Direct(DirectKind::Wildcard),
        (PrincipalValue::Account { account, .. }, c) => {
            if c.account().is_some_and(|a| same(a, account)) {
                Account
            } else {
                No
            }
        }
        (PrincipalValue::User { arn, .. }, CallerKind::User { arn: caller, .. })
            if same(arn, caller) =>
        {
            Direct(DirectKind::User)
        }
        (
            PrincipalValue::User { account, name, .. },
            CallerKind::FederatedUser {
                account: ca,
                name: cn,
                ..
            },
        ) if same(account, ca) && same(name, cn) => Direct(DirectKind::FederatedParentUser),
        (
            PrincipalValue::Role { account, name, .. },
            CallerKind::RoleSession {
                account: ca,
                role_name,
                ..
            },
        ) if same(account, ca) && same(name, role_name) => Direct(DirectKind::Role),
        (
            PrincipalValue::Session { arn },
            CallerKind::RoleSession {
                session_arn: Some(s),
                ..
            },
        ) if same(arn, s) => Direct(DirectKind::ExactSession),
        (PrincipalValue::FederatedUser { arn }, CallerKind::FederatedUser { arn: a, .. })
            if same(arn, a) =>
        {
            Direct(DirectKind::ExactSession)
        }
        (PrincipalValue::UniqueId(id), c) if who.unique_id() == Some(id.as_str()) => match c {
            CallerKind::User { .. } => Direct(DirectKind::User),
            CallerKind::RoleSession { .. } => Direct(DirectKind::Role),
            _ => No,
        },
        (PrincipalValue::Service(s), CallerKind::Service { name }) if same(s, name) => {
            Direct(DirectKind::Service)
        }
        _ => No,
    }
}

fn element_values(p: &PrincipalElement) -> impl Iterator<Item = &PrincipalValue> {
    p.entries.iter().flat_map(|e| e.values.items.iter())
}

/// How a `Principal` element matches the caller (the best of its values).
fn match_principal(p: &PrincipalElement, who: &Who<'_>) -> PrincipalMatch {
    if p.star {
        return PrincipalMatch::Direct(DirectKind::Wildcard);
    }
    // Plain loops: this runs for every statement of every decision.
    let mut best = PrincipalMatch::No;
    for entry in &p.entries {
        for v in &entry.values.items {
            best = best.better(match_value(v, who));
        }
    }
    best
}

/// `Deny` + `NotPrincipal`: the caller is exempt only when every identity of its chain — account,
/// user or role, session — is listed (spec §2.3, engine choice).
fn deny_not_principal_applies(p: &PrincipalElement, who: &Who<'_>) -> bool {
    if p.star {
        return false;
    }
    let listed = |pred: &dyn Fn(&PrincipalValue) -> bool| element_values(p).any(pred);
    if listed(&|v| matches!(v, PrincipalValue::Any)) {
        return false;
    }
    let account_listed = |acct: &str| {
        listed(&|v| matches!(v, PrincipalValue::Account { account, .. } if account == acct))
    };
    let exempt = match who.caller {
        CallerKind::Service { name } => {
            listed(&|v| matches!(v, PrincipalValue::Service(s) if s == name))
        }
        CallerKind::Root { account, .. } => account_listed(account),
        CallerKind::User { account, .. } => {
            account_listed(account)
                && listed(&|v| match_value(v, who) == PrincipalMatch::Direct(DirectKind::User))
        }
        CallerKind::RoleSession {
            account,
            session_arn,
            ..
        } => {
            account_listed(account)
                && listed(&|v| match_value(v, who) == PrincipalMatch::Direct(DirectKind::Role))
                && (session_arn.is_none()
                    || listed(&|v| {
                        match_value(v, who) == PrincipalMatch::Direct(DirectKind::ExactSession)
                    }))
        }
        CallerKind::FederatedUser { account, .. } => {
            account_listed(account)
                && listed(&|v| {
                    match_value(v, who) == PrincipalMatch::Direct(DirectKind::ExactSession)
                })
        }
    };
    !exempt
}

/// Whether the statement's principal element admits the caller, and how.
pub(crate) fn statement_principal(s: &Statement, who: &Who<'_>, check: bool) -> PrincipalMatch {
    if !check {
        return PrincipalMatch::Direct(DirectKind::Wildcard);
    }
    match &s.principal {
        None => PrincipalMatch::No,
        Some(p) if !p.negated => match_principal(p, who),
        Some(p) => {
            let applies = match s.effect {
                Effect::Deny => deny_not_principal_applies(p, who),
                Effect::Allow => match_principal(p, who) == PrincipalMatch::No,
            };
            if applies {
                PrincipalMatch::Direct(DirectKind::Wildcard)
            } else {
                PrincipalMatch::No
            }
        }
    }
}

/// Whether the action element covers `action` (one bit test: the element's KMS actions were
/// worked out when the policy was compiled).
pub(crate) fn action_matches(a: &Option<ActionElement>, action: ActionId) -> bool {
    a.as_ref()
        .is_some_and(|a| a.kms.contains(action) != a.negated)
}

/// A resource entry's verdict: a variable without value makes it unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Yes,
    No,
    Unknown,
}

/// The resource a request is authorized against, split into its ARN components once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Target<'a> {
    parts: Option<[&'a str; 6]>,
}

impl<'a> Target<'a> {
    /// `text` is a key or alias ARN, or `*` for account-level actions.
    pub(crate) fn new(text: &'a str) -> Target<'a> {
        Target {
            parts: split_arn(text),
        }
    }

    /// A key's ARN, already split when the key was loaded.
    pub(crate) fn key(arn: &'a KeyArn) -> Target<'a> {
        Target {
            parts: Some(arn.parts()),
        }
    }
}

fn resource_entry(
    p: &ResourcePattern,
    resource: &Target<'_>,
    ctx: &Ctx<'_>,
) -> Result<Verdict, EvalError> {
    match &p.matcher {
        ResourceMatcher::Any => Ok(Verdict::Yes),
        ResourceMatcher::Arn { head, resource: rp } => {
            let Some(parts) = resource.parts else {
                return Ok(Verdict::No);
            };
            let [a, partition, service, region, account, res] = parts;
            let head_ok = head
                .iter()
                .zip([a, partition, service, region, account])
                .all(|(g, c)| g.is_match(c));
            if !head_ok {
                return Ok(Verdict::No);
            }
            match rp {
                ArnResource::Glob(g) => Ok(if g.is_match(res) {
                    Verdict::Yes
                } else {
                    Verdict::No
                }),
                ArnResource::Template(t) => match template_glob(t, ctx, false)? {
                    Some(g) => Ok(if g.is_match(res) {
                        Verdict::Yes
                    } else {
                        Verdict::No
                    }),
                    None => Ok(Verdict::Unknown),
                },
            }
        }
    }
}

/// Whether the resource element covers `resource`. In `NotResource`, an entry whose variable has
/// no value makes the statement not apply (spec §12 #30).
pub(crate) fn resource_matches(
    r: &Option<ResourceElement>,
    resource: &Target<'_>,
    ctx: &Ctx<'_>,
) -> Result<bool, EvalError> {
    let Some(r) = r else { return Ok(false) };
    let mut unknown = false;
    for p in &r.patterns.items {
        match resource_entry(p, resource, ctx)? {
            Verdict::Yes => return Ok(!r.negated),
            Verdict::Unknown => unknown = true,
            Verdict::No => {}
        }
    }
    Ok(r.negated && !unknown)
}

/// The outcome of one statement.
#[derive(Debug)]
pub(crate) enum StatementOutcome {
    /// Action, resource or principal does not match.
    NotApplicable,
    /// Everything matched but condition `index` was false.
    ConditionFailed { index: usize },
    /// The statement applies.
    Applies(PrincipalMatch),
    /// Evaluation failed.
    Error(EvalError),
}

/// Evaluates one statement against a request.
pub(crate) fn eval_statement(
    s: &Statement,
    who: &Who<'_>,
    check_principal: bool,
    action: ActionId,
    resource: &Target<'_>,
    ctx: &Ctx<'_>,
) -> StatementOutcome {
    if !action_matches(&s.action, action) {
        return StatementOutcome::NotApplicable;
    }
    let pm = statement_principal(s, who, check_principal);
    if pm == PrincipalMatch::No {
        return StatementOutcome::NotApplicable;
    }
    match resource_matches(&s.resource, resource, ctx) {
        Ok(true) => {}
        Ok(false) => return StatementOutcome::NotApplicable,
        Err(e) => return StatementOutcome::Error(e),
    }
    if let Some(conditions) = &s.conditions {
        // The entries are ANDed in three-valued logic: a false entry decides whatever the others
        // say, so an entry that cannot be evaluated only matters when no entry is false. That
        // keeps the outcome independent of the order of the entries.
        let mut error = None;
        for (index, c) in conditions.iter().enumerate() {
            let value = ctx.get(&c.key_lower, &c.key_id);
            match eval_condition(c, &value, ctx) {
                Ok(true) => {}
                Ok(false) => return StatementOutcome::ConditionFailed { index },
                Err(e) => {
                    error.get_or_insert(e);
                }
            }
        }
        if let Some(e) = error {
            return StatementOutcome::Error(e);
        }
    }
    StatementOutcome::Applies(pm)
}
