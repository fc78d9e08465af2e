//! The decision procedure (spec §8): combine every policy that governs a KMS request.
//!
//! Every statement that can apply is visited; the decision is made after the loop, so statement
//! order never matters and an explicit deny anywhere wins. The key policy is authoritative: in the
//! caller's own account an allow needs the key policy to name the caller, or to delegate to the
//! account with an IAM allow, or a grant; across accounts it needs the key policy (or a grant) and
//! the caller's own IAM policy. Organization policies, boundaries, session policies and VPC
//! endpoint policies only ever take access away.
//!
//! The procedure is written once, generic over a [`Trace`]: [`decide`] runs it with a trace that
//! records nothing (no allocation on the common path), [`authorize`] with one that keeps every
//! statement, grant, failed condition and error for the explanation.

mod explain;
mod grants;
mod resolve;

use explain::{access_denied_message, combine, response};
use grants::grant_match;
use resolve::{listed_principal, resolve, Target};

use super::caller::CallerKind;
use super::context::Ctx;
use super::matching::{
    eval_statement, match_value, DirectKind, PrincipalMatch, StatementOutcome, Target as Resource,
    Who,
};
use super::request::Request;
use super::response::{kind_label, Decision, FailedCondition, GrantRef, Response, StatementRef};
use crate::error::{Diagnostic, Error};
use crate::kms::{self, ResourceKind};
use crate::policy::index::Token;
use crate::policy::{Effect, Policy, PolicyKind};
use crate::world::{Grant, GrantConstraint, Key, KeyArn, Principal, PrincipalKind, World};

/// How to evaluate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Use the principal index of large resource policies (default). Without it every statement
    /// is scanned; the decisions are identical.
    pub use_index: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options { use_index: true }
    }
}

/// The decision alone, as [`decide`] returns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// The decision.
    pub decision: Decision,
    /// The error the API call would return: `none`, `AccessDeniedException`, a key-state
    /// exception, or `NotFoundException`.
    pub error_code: &'static str,
}

/// The policy sets of a decision, in the order AWS reports denials (spec §9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum SetId {
    Scp,
    Rcp,
    Vpce,
    Key,
    Identity,
    Boundary,
    Session,
}

/// The applying statements of one policy set, summarised.
#[derive(Debug, Default, Clone, Copy)]
struct SetEval {
    allow: bool,
    deny: bool,
    /// Bit `k` set when an Allow named the caller directly as [`DirectKind`] `k`.
    direct: u8,
    /// An Allow named the caller's account only.
    account: bool,
}

fn bit(k: DirectKind) -> u8 {
    1 << (k as u8)
}

const ALL_KINDS: [DirectKind; 6] = [
    DirectKind::Wildcard,
    DirectKind::Service,
    DirectKind::User,
    DirectKind::FederatedParentUser,
    DirectKind::Role,
    DirectKind::ExactSession,
];

/// An applying statement, for explanations.
#[derive(Clone, Copy)]
struct Hit<'w> {
    set: SetId,
    policy: &'w Policy,
    index: usize,
    level: Option<usize>,
    pm: PrincipalMatch,
}

/// What evaluation reports as it goes.
trait Trace<'w>: Default {
    fn hit(&mut self, h: Hit<'w>);
    fn failed(&mut self, h: Hit<'w>, condition: usize, ctx: &Ctx<'_>);
    fn error(&mut self, message: impl FnOnce() -> String);
    fn had_error(&self) -> bool;
    fn grant(&mut self, key: &'w Key, grant: &'w Grant, pm: PrincipalMatch);
    fn note(&mut self, message: impl FnOnce() -> String);
}

/// Records nothing but whether an error happened.
#[derive(Default)]
struct Quiet {
    error: bool,
}

impl<'w> Trace<'w> for Quiet {
    fn hit(&mut self, _: Hit<'w>) {}
    fn failed(&mut self, _: Hit<'w>, _: usize, _: &Ctx<'_>) {}
    fn error(&mut self, _: impl FnOnce() -> String) {
        self.error = true;
    }
    fn had_error(&self) -> bool {
        self.error
    }
    fn grant(&mut self, _: &'w Key, _: &'w Grant, _: PrincipalMatch) {}
    fn note(&mut self, _: impl FnOnce() -> String) {}
}

/// Records everything for the explanation.
#[derive(Default)]
struct Full<'w> {
    hits: Vec<Hit<'w>>,
    failed: Vec<FailedCondition>,
    missing: Vec<String>,
    errors: Vec<String>,
    notes: Vec<String>,
    grants: Vec<(&'w Key, &'w Grant, PrincipalMatch)>,
    /// Skip failed conditions and missing keys.
    brief: bool,
}

fn statement_ref(h: &Hit<'_>) -> Option<StatementRef> {
    let s = h.policy.statements.get(h.index)?;
    Some(StatementRef {
        policy_type: h.policy.kind,
        policy: h.policy.name().to_string(),
        level: h.level,
        index: s.index,
        sid: s.sid.clone(),
        effect: s.effect,
        location: h.policy.location(s.span),
        matched_as: match h.pm {
            PrincipalMatch::Direct(k) if h.policy.kind == PolicyKind::Key => {
                Some(kind_label(k).to_string())
            }
            PrincipalMatch::Account => Some("account (delegation to IAM policies)".to_string()),
            _ => None,
        },
    })
}

impl<'w> Trace<'w> for Full<'w> {
    fn hit(&mut self, h: Hit<'w>) {
        self.hits.push(h);
    }

    fn failed(&mut self, h: Hit<'w>, condition: usize, ctx: &Ctx<'_>) {
        if self.brief {
            return;
        }
        let Some(s) = h.policy.statements.get(h.index) else {
            return;
        };
        let Some(c) = s.conditions.as_ref().and_then(|cs| cs.get(condition)) else {
            return;
        };
        let value = ctx.get(&c.key_lower, &c.key_id);
        if value.is_absent() && !self.missing.contains(&c.key) {
            self.missing.push(c.key.clone());
        }
        if s.effect != Effect::Allow {
            return;
        }
        if let Some(r) = statement_ref(&Hit {
            pm: PrincipalMatch::No,
            ..h
        }) {
            self.failed.push(FailedCondition {
                statement: r,
                operator: c.operator_text.clone(),
                key: c.key.clone(),
                location: h.policy.location(c.key_span),
                request_value: value.to_value(),
                policy_values: c.values.items.iter().map(|v| v.text()).collect(),
            });
        }
    }

    fn error(&mut self, message: impl FnOnce() -> String) {
        self.errors.push(message());
    }

    fn had_error(&self) -> bool {
        !self.errors.is_empty()
    }

    fn grant(&mut self, key: &'w Key, grant: &'w Grant, pm: PrincipalMatch) {
        self.grants.push((key, grant, pm));
    }

    fn note(&mut self, message: impl FnOnce() -> String) {
        self.notes.push(message());
    }
}

/// Everything one evaluation needs about the request.
struct Env<'w> {
    req: &'w Request<'w>,
    who: Who<'w>,
    ctx: Ctx<'w>,
    /// The caller's index tokens, worked out when a policy with an index is first met.
    tokens: std::cell::OnceCell<([Token<'w>; 4], usize)>,
    opts: Options,
}

impl<'w> Env<'w> {
    fn eval_policy<T: Trace<'w>>(
        &self,
        set: SetId,
        policy: &'w Policy,
        level: Option<usize>,
        resource: &Resource<'_>,
        out: &mut SetEval,
        trace: &mut T,
    ) {
        let check_principal = policy.kind.has_principals();
        let visit = |index: usize| {
            let Some(s) = policy.statements.get(index) else {
                return;
            };
            let hit = |pm| Hit {
                set,
                policy,
                index,
                level,
                pm,
            };
            match eval_statement(
                s,
                &self.who,
                check_principal,
                self.req.action_id,
                resource,
                &self.ctx,
            ) {
                StatementOutcome::NotApplicable => {}
                StatementOutcome::Applies(pm) => {
                    match s.effect {
                        Effect::Allow => {
                            out.allow = true;
                            match pm {
                                PrincipalMatch::Direct(k) => out.direct |= bit(k),
                                PrincipalMatch::Account => out.account = true,
                                PrincipalMatch::No => {}
                            }
                        }
                        Effect::Deny => out.deny = true,
                    }
                    trace.hit(hit(pm));
                }
                StatementOutcome::ConditionFailed { index: c } => {
                    trace.failed(hit(PrincipalMatch::No), c, &self.ctx);
                }
                StatementOutcome::Error(e) => trace.error(|| {
                    format!(
                        "{} `{}` statement {}: {}",
                        policy.kind.aws_phrase(),
                        policy.name(),
                        s.label(),
                        e.0
                    )
                }),
            }
        };
        match (&policy.index, self.opts.use_index) {
            (Some(index), true) => {
                let (tokens, n) = self.tokens.get_or_init(|| self.who.tokens());
                index.for_each_candidate(tokens.get(..*n).unwrap_or_default(), visit);
            }
            _ => (0..policy.statements.len()).for_each(visit),
        }
    }

    /// Evaluates SCP or RCP levels: `(every level allows, some level denies)`.
    fn eval_levels<T: Trace<'w>>(
        &self,
        set: SetId,
        levels: &'w [Vec<Policy>],
        resource: &Resource<'_>,
        trace: &mut T,
    ) -> SetEval {
        let mut all = SetEval {
            allow: true,
            ..SetEval::default()
        };
        for (i, level) in levels.iter().enumerate() {
            let mut l = SetEval::default();
            for p in level {
                self.eval_policy(set, p, Some(i), resource, &mut l, trace);
            }
            all.allow &= l.allow;
            all.deny |= l.deny;
        }
        all
    }

    /// Evaluates the caller's identity-side policies and the guardrails.
    fn caller_sets<T: Trace<'w>>(
        &self,
        resource: &Resource<'_>,
        key: Option<&'w Key>,
        resource_account: Option<&str>,
        trace: &mut T,
    ) -> Sets {
        let principal = self.who.principal;
        let service_linked = principal.is_some_and(|p| p.service_linked);
        let scp = match self.ctx.caller_account {
            Some(acct) if !service_linked && !is_management(acct) => acct.scps.as_deref(),
            _ => None,
        }
        .map(|levels| self.eval_levels(SetId::Scp, levels, resource, trace));
        let aws_managed = key.is_some_and(|k| k.metadata.key_manager == "AWS");
        // RCPs never apply to AWS managed keys, nor to kms:RetireGrant (spec §8.5).
        // `resource_account` is only ever the account of the request's key, looked up in `ctx`.
        let rcp = match resource_account.and(self.ctx.resource_account) {
            Some(acct)
                if !service_linked
                    && !aws_managed
                    && !is_management(acct)
                    && self.req.action().name != "RetireGrant" =>
            {
                acct.rcps.as_deref()
            }
            _ => None,
        }
        .map(|levels| self.eval_levels(SetId::Rcp, levels, resource, trace));
        let single = |set, p: Option<&'w Policy>, trace: &mut T| {
            p.map(|p| {
                let mut out = SetEval::default();
                self.eval_policy(set, p, None, resource, &mut out, trace);
                out
            })
        };
        let vpce = single(SetId::Vpce, self.req.vpc_endpoint_policy(), trace);
        let mut identity = SetEval::default();
        for p in principal.map(|p| p.policies.as_slice()).unwrap_or_default() {
            self.eval_policy(SetId::Identity, p, None, resource, &mut identity, trace);
        }
        let boundary = single(
            SetId::Boundary,
            principal.and_then(|p| p.boundary.as_ref()),
            trace,
        );
        let session = single(SetId::Session, self.req.session_policy(), trace);
        Sets {
            scp,
            rcp,
            vpce,
            identity,
            boundary,
            session,
        }
    }

    /// Whether the caller's identity side allows: root always does in its own account (spec §8.1);
    /// a federated-user session without a session policy has no permissions.
    fn identity_allows(&self, sets: &Sets) -> bool {
        match self.who.caller {
            CallerKind::Root { .. } => true,
            CallerKind::Service { .. } => false,
            CallerKind::FederatedUser { .. } if sets.session.is_none() => false,
            _ => sets.identity.allow,
        }
    }
}

/// The caller's policy sets and the guardrails around the request.
struct Sets {
    scp: Option<SetEval>,
    rcp: Option<SetEval>,
    vpce: Option<SetEval>,
    identity: SetEval,
    boundary: Option<SetEval>,
    session: Option<SetEval>,
}

impl Sets {
    /// The first policy type with an explicit deny, in the §9 order.
    fn explicit_deny(&self, key: Option<&SetEval>) -> Option<PolicyKind> {
        let denies = |s: Option<&SetEval>| s.is_some_and(|s| s.deny);
        [
            (self.scp.as_ref(), PolicyKind::Scp),
            (self.rcp.as_ref(), PolicyKind::Rcp),
            (self.vpce.as_ref(), PolicyKind::VpcEndpoint),
            (key, PolicyKind::Key),
            (Some(&self.identity), PolicyKind::Identity),
            (self.boundary.as_ref(), PolicyKind::Boundary),
            (self.session.as_ref(), PolicyKind::Session),
        ]
        .into_iter()
        .find(|(s, _)| denies(*s))
        .map(|(_, k)| k)
    }

    /// Guardrails that need an allow: every SCP level and the VPC endpoint policy. (RCPs come
    /// with `RCPFullAWSAccess` at every level, so they never lack an allow.)
    fn guardrail_block(&self) -> Option<PolicyKind> {
        if self.scp.is_some_and(|s| !s.allow) {
            return Some(PolicyKind::Scp);
        }
        if self.vpce.is_some_and(|v| !v.allow) {
            return Some(PolicyKind::VpcEndpoint);
        }
        None
    }
}

fn is_management(acct: &crate::world::Account) -> bool {
    acct.organization
        .as_ref()
        .is_some_and(|o| o.management_account)
}

/// The result of the procedure, before it is turned into a [`Verdict`] or a [`Response`].
#[derive(Debug, Clone, Copy)]
struct Outcome {
    decision: Decision,
    blocked: Option<PolicyKind>,
    error_code: &'static str,
    state: Option<kms::StateError>,
    /// The paths that allowed (for the explanation).
    paths: Paths,
}

#[derive(Debug, Clone, Copy, Default)]
struct Paths {
    same: bool,
    pb_ok: bool,
    sp_ok: bool,
    kp_direct: bool,
    delegated: bool,
    grant_identity: bool,
}

impl Paths {
    /// Whether an allow that named the caller as `kind` survives the boundary and session
    /// policy (spec §8.5 table).
    fn survives(&self, kind: DirectKind) -> bool {
        if self.same {
            (self.pb_ok || !kind.limited_by_boundary())
                && (self.sp_ok || !kind.limited_by_session())
        } else {
            self.pb_ok && self.sp_ok
        }
    }

    fn survives_any(&self, mask: u8) -> bool {
        ALL_KINDS
            .iter()
            .any(|k| mask & bit(*k) != 0 && self.survives(*k))
    }
}

fn outcome(decision: Decision, blocked: Option<PolicyKind>) -> Outcome {
    Outcome {
        decision,
        blocked,
        error_code: if decision == Decision::Allowed {
            "none"
        } else {
            "AccessDeniedException"
        },
        state: None,
        paths: Paths::default(),
    }
}

/// Fail closed: an evaluation error anywhere turns `allowed` into `implicitDeny`.
fn fail_closed<'w, T: Trace<'w>>(mut o: Outcome, trace: &mut T) -> Outcome {
    if o.decision == Decision::Allowed && trace.had_error() {
        trace.note(|| "evaluation failed, so the request is denied (fail closed)".into());
        o.decision = Decision::ImplicitDeny;
        o.error_code = "AccessDeniedException";
        o.state = None;
    }
    o
}

/// Account-level actions and the alias half of alias operations: identity policies with
/// guardrails; no key policy (spec §8.7).
fn identity_only<'w, T: Trace<'w>>(
    env: &Env<'w>,
    resource: &str,
    resource_account: Option<&str>,
    trace: &mut T,
) -> Outcome {
    let resource = &Resource::new(resource);
    let sets = env.caller_sets(resource, None, resource_account, trace);
    if let Some(kind) = sets.explicit_deny(None) {
        return outcome(Decision::ExplicitDeny, Some(kind));
    }
    if resource_account.is_some() && resource_account != env.req.caller.account() {
        trace.note(|| "aliases can only be managed from the key's own account".into());
        return outcome(Decision::ImplicitDeny, Some(PolicyKind::Identity));
    }
    if let Some(kind) = sets.guardrail_block() {
        return outcome(Decision::ImplicitDeny, Some(kind));
    }
    let pb_ok = sets.boundary.is_none_or(|b| b.allow);
    let sp_ok = sets.session.is_none_or(|s| s.allow);
    let blocked = if !env.identity_allows(&sets) {
        Some(PolicyKind::Identity)
    } else if !pb_ok {
        Some(PolicyKind::Boundary)
    } else if !sp_ok {
        Some(PolicyKind::Session)
    } else {
        None
    };
    let mut o = match blocked {
        Some(kind) => outcome(Decision::ImplicitDeny, Some(kind)),
        None => outcome(Decision::Allowed, None),
    };
    o.paths = Paths {
        same: true,
        pb_ok,
        sp_ok,
        delegated: true,
        ..Paths::default()
    };
    fail_closed(o, trace)
}

/// A key-resource action (spec §8.4–§8.6, §8.8).
fn key_action<'w, T: Trace<'w>>(env: &Env<'w>, key: &'w Key, trace: &mut T) -> Outcome {
    let req = env.req;
    let resource = &Resource::key(&key.arn);
    let sets = env.caller_sets(resource, Some(key), Some(&key.arn.account), trace);
    let mut kp = SetEval::default();
    env.eval_policy(SetId::Key, &key.policy, None, resource, &mut kp, trace);
    let same = env
        .who
        .caller
        .account()
        .is_none_or(|a| crate::values::same(a, &key.arn.account));
    let is_retire = req.action().name == "RetireGrant";

    if let Some(kind) = sets.explicit_deny(Some(&kp)) {
        return outcome(Decision::ExplicitDeny, Some(kind));
    }
    if !same && !req.action().cross_account {
        trace.note(|| {
            format!(
                "`kms:{}` cannot be used across accounts: a permission for another account's principal has no effect",
                req.action().name
            )
        });
        return outcome(Decision::ImplicitDeny, Some(PolicyKind::Key));
    }
    if let Some(kind) = sets.guardrail_block() {
        return outcome(Decision::ImplicitDeny, Some(kind));
    }

    let id_allow = env.identity_allows(&sets);
    let pb_ok = sets.boundary.is_none_or(|b| b.allow);
    let sp_ok = sets.session.is_none_or(|s| s.allow);
    let id_ok = id_allow && pb_ok && sp_ok;

    // `kms:RetireGrant` in a key policy has no effect (spec §8.6).
    if is_retire && kp.allow {
        trace.note(|| {
            "`kms:RetireGrant` in a key policy has no effect; retiring is decided by the grant"
                .into()
        });
        kp = SetEval::default();
    }
    let mut grant_direct = 0u8;
    let mut grant_account = false;
    for g in &key.grants {
        match grant_match(g, req, &env.who, &env.ctx) {
            PrincipalMatch::No => continue,
            PrincipalMatch::Direct(k) => {
                grant_direct |= bit(k);
                trace.grant(key, g, PrincipalMatch::Direct(k));
            }
            PrincipalMatch::Account => {
                grant_account = true;
                trace.grant(key, g, PrincipalMatch::Account);
            }
        }
    }

    let mut paths = Paths {
        same,
        pb_ok,
        sp_ok,
        ..Paths::default()
    };
    paths.kp_direct = same && paths.survives_any(kp.direct);
    paths.delegated = id_ok
        && if same {
            kp.account
        } else {
            kp.direct != 0 || kp.account
        };
    paths.grant_identity = id_ok && grant_account;
    let allowed = paths.kp_direct
        || paths.delegated
        || paths.grant_identity
        || paths.survives_any(grant_direct);

    if allowed {
        let mut o = outcome(Decision::Allowed, None);
        o.paths = paths;
        o = fail_closed(o, trace);
        if o.decision == Decision::Allowed {
            if let Some(e) = kms::state_error(req.action(), &key.metadata.key_state) {
                o.error_code = e.code;
                o.state = Some(e);
            }
        }
        return o;
    }
    let any_resource_allow = kp.direct != 0 || kp.account || grant_direct != 0 || grant_account;
    let blocked = if !any_resource_allow {
        PolicyKind::Key
    } else if !id_allow {
        PolicyKind::Identity
    } else if !pb_ok {
        PolicyKind::Boundary
    } else if !sp_ok {
        PolicyKind::Session
    } else {
        PolicyKind::Key
    };
    let mut o = outcome(Decision::ImplicitDeny, Some(blocked));
    o.paths = paths;
    o
}

fn env<'w>(
    world: &'w World,
    req: &'w Request<'w>,
    key: Option<&'w Key>,
    request_alias: Option<&'w str>,
    opts: Options,
) -> Env<'w> {
    let caller = req.caller.kind();
    let principal = listed_principal(world, caller);
    let who = Who { caller, principal };
    Env {
        req,
        who,
        ctx: Ctx::new(world, req, who, key, request_alias),
        tokens: std::cell::OnceCell::new(),
        opts,
    }
}

/// Both parts of a two-resource operation must allow; an explicit deny in either wins.
fn combine_outcomes(a: Outcome, b: Outcome) -> Outcome {
    if second_decides(a.decision, b.decision, a.error_code != "none") {
        b
    } else {
        a
    }
}

/// Which part decides a two-part operation (spec §8.7): an explicit deny in either wins, then an
/// implicit deny; when both allow, the second decides unless the first already fails on the key
/// state (`first_fails`).
pub(super) fn second_decides(a: Decision, b: Decision, first_fails: bool) -> bool {
    match (a, b) {
        (Decision::ExplicitDeny, _) => false,
        (_, Decision::ExplicitDeny) => true,
        (Decision::ImplicitDeny, _) => false,
        (_, Decision::ImplicitDeny) => true,
        (Decision::Allowed, Decision::Allowed) => !first_fails,
    }
}

fn alias_arn_of(key: &Key, alias_arn: Option<&str>) -> String {
    alias_arn.map_or_else(
        || {
            format!(
                "arn:{}:kms:{}:{}:alias/*",
                key.arn.partition, key.arn.region, key.arn.account
            )
        },
        str::to_string,
    )
}

/// The second authorization some key operations need (spec §8.7): the alias, from identity
/// policies only, for alias operations (names under `alias/aws/` are reserved for AWS managed
/// keys); `kms:CreateKey` (identity policies, resource `*`) for `ReplicateKey`.
fn second_part<'w, T: Trace<'w>>(
    world: &'w World,
    req: &'w Request<'w>,
    env: &Env<'w>,
    key: &'w Key,
    alias_arn: Option<&str>,
    opts: Options,
    trace: &mut T,
) -> Option<Outcome> {
    if req.action().resource == ResourceKind::AliasAndKey {
        let alias_arn = alias_arn_of(key, alias_arn);
        if alias_arn.contains(":alias/aws/") {
            trace
                .note(|| "alias names under `alias/aws/` are reserved for AWS managed keys".into());
            return Some(outcome(Decision::ImplicitDeny, Some(PolicyKind::Identity)));
        }
        return Some(identity_only(
            env,
            &alias_arn,
            Some(&key.arn.account),
            trace,
        ));
    }
    if req.action().name == "ReplicateKey" {
        let create = kms::lookup_id("kms:CreateKey")?;
        let sub = req.with_action(create);
        let sub_env = crate::eval::authorize::env(world, &sub, None, None, opts);
        let mut quiet = Quiet::default();
        let o = identity_only(&sub_env, "*", None, &mut quiet);
        if o.decision != Decision::Allowed {
            trace.note(|| "`kms:ReplicateKey` also needs `kms:CreateKey` from an identity policy (resource `*`) in the replica Region".into());
        }
        if quiet.had_error() {
            trace.error(|| "evaluating `kms:CreateKey` for the replica failed".into());
        }
        return Some(o);
    }
    None
}

/// Decides `req` in `world` without building an explanation: the fast path for embedders and
/// batch use. Identical decisions to [`authorize`].
pub fn decide(world: &World, req: &Request) -> Result<Verdict, Error> {
    decide_with(world, req, Options::default())
}

/// One evaluated part of a request — the key, or the second authorization of §8.7 — with its
/// trace.
struct Part<'w, T> {
    outcome: Outcome,
    trace: T,
    key: Option<&'w Key>,
}

/// What the procedure produced for a request, before it is summarised as a [`Verdict`] or a
/// [`Response`].
enum Run<'w, T> {
    /// The key is not in the world; `own` when it would be in the caller's own account.
    Missing { arn: String, own: bool },
    Parts {
        first: Part<'w, T>,
        second: Option<Part<'w, T>>,
        /// The key ARN the request was resolved to.
        resolved: Option<&'w str>,
    },
}

/// Resolves the request and runs the procedure on every part it needs, with a fresh trace each.
fn run<'w, T: Trace<'w>>(
    world: &'w World,
    req: &'w Request<'w>,
    opts: Options,
    new_trace: impl Fn() -> T,
) -> Result<Run<'w, T>, Error> {
    Ok(match resolve(world, req)? {
        Target::Account => {
            let env = env(world, req, None, None, opts);
            let mut trace = new_trace();
            let outcome = identity_only(&env, "*", None, &mut trace);
            Run::Parts {
                first: Part {
                    outcome,
                    trace,
                    key: None,
                },
                second: None,
                resolved: None,
            }
        }
        Target::Missing { arn, account } => Run::Missing {
            own: account.is_some() && account.as_deref() == req.caller.account(),
            arn,
        },
        Target::Key {
            key,
            request_alias,
            alias_arn,
        } => {
            let env = env(world, req, Some(key), request_alias, opts);
            let mut trace = new_trace();
            let outcome = key_action(&env, key, &mut trace);
            let mut second_trace = new_trace();
            let second = second_part(
                world,
                req,
                &env,
                key,
                alias_arn.as_deref(),
                opts,
                &mut second_trace,
            )
            .map(|outcome| Part {
                outcome,
                trace: second_trace,
                key: None,
            });
            Run::Parts {
                first: Part {
                    outcome,
                    trace,
                    key: Some(key),
                },
                second,
                resolved: Some(&key.arn.arn),
            }
        }
    })
}

/// [`decide`] with options.
pub fn decide_with(world: &World, req: &Request, opts: Options) -> Result<Verdict, Error> {
    let o = match run(world, req, opts, Quiet::default)? {
        Run::Missing { own, .. } => {
            let mut o = outcome(Decision::ImplicitDeny, Some(PolicyKind::Key));
            if own {
                o.error_code = "NotFoundException";
            }
            o
        }
        Run::Parts { first, second, .. } => match second {
            Some(s) => combine_outcomes(first.outcome, s.outcome),
            None => first.outcome,
        },
    };
    Ok(Verdict {
        decision: o.decision,
        error_code: o.error_code,
    })
}

/// Decides `req` in `world` and explains the decision.
pub fn authorize(world: &World, req: &Request) -> Result<Response, Error> {
    authorize_with(world, req, Options::default())
}

/// [`authorize`] with options.
pub fn authorize_with(world: &World, req: &Request, opts: Options) -> Result<Response, Error> {
    authorize_inner(world, req, opts, false)
}

/// [`authorize`] without the failed conditions and missing keys: the deciding statements, grants
/// and errors only. For bulk use (`kmspolicy eval`), where the explanation of a denial's near
/// misses is not printed.
#[cfg(feature = "cli")]
pub(crate) fn authorize_brief(world: &World, req: &Request) -> Result<Response, Error> {
    authorize_inner(world, req, Options::default(), true)
}

fn authorize_inner(
    world: &World,
    req: &Request,
    opts: Options,
    brief: bool,
) -> Result<Response, Error> {
    let new_trace = || Full {
        brief,
        ..Full::default()
    };
    let (mut response, resolved) = match run(world, req, opts, new_trace)? {
        Run::Missing { arn, own } => {
            let mut r = response(
                outcome(Decision::ImplicitDeny, Some(PolicyKind::Key)),
                new_trace(),
                None,
            );
            r.notes.push(format!("the key `{arn}` is not in the world"));
            if own {
                r.error_code = "NotFoundException".into();
                r.message = Some(format!("Key '{arn}' does not exist"));
                return Ok(r);
            }
            (r, Some(arn))
        }
        Run::Parts {
            first,
            second,
            resolved,
        } => {
            let r = response(first.outcome, first.trace, first.key);
            let r = match second {
                Some(s) => combine(r, response(s.outcome, s.trace, s.key)),
                None => r,
            };
            (r, resolved.map(str::to_string))
        }
    };
    if response.decision != Decision::Allowed {
        response.error_code = "AccessDeniedException".into();
        response.message = Some(access_denied_message(req, resolved.as_deref(), &response));
    }
    Ok(response)
}
