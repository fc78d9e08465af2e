//! The decision procedure (spec §8): combine every policy that governs a KMS request.
//!
//! Every statement of every policy is visited; the decision is made after the loop, so statement
//! order never matters and an explicit deny anywhere wins. The key policy is authoritative: in the
//! caller's own account an allow needs the key policy to name the caller, or to delegate to the
//! account with an IAM allow, or a grant; across accounts it needs the key policy (or a grant) and
//! the caller's own IAM policy. Organization policies, boundaries, session policies and VPC
//! endpoint policies only ever take access away.

use super::caller::Caller;
use super::context::Context;
use super::derive::derive_context;
use super::matching::{eval_statement, DirectKind, PrincipalMatch, StatementOutcome, Who};
use super::request::Request;
use super::response::{kind_label, Decision, FailedCondition, GrantRef, Response, StatementRef};
use crate::error::{Diagnostic, Error};
use crate::kms::{self, ResourceKind};
use crate::policy::{Effect, Policy, PolicyKind};
use crate::world::{Grant, GrantConstraint, Key, KeyArn, Principal, PrincipalKind, World};

/// An applying statement and how its principal matched.
struct Hit {
    statement: StatementRef,
    principal: PrincipalMatch,
}

/// The applying statements of one policy set.
#[derive(Default)]
struct SetEval {
    allows: Vec<Hit>,
    denies: Vec<StatementRef>,
}

impl SetEval {
    fn allow(&self) -> bool {
        !self.allows.is_empty()
    }
}

/// Accumulates the explanation while policies are evaluated.
struct Explain {
    failed: Vec<FailedCondition>,
    missing: Vec<String>,
    errors: Vec<String>,
    notes: Vec<String>,
}

fn statement_ref(
    policy: &Policy,
    index: usize,
    level: Option<usize>,
    pm: Option<PrincipalMatch>,
) -> Option<StatementRef> {
    let s = policy.statements.get(index)?;
    Some(StatementRef {
        policy_type: policy.kind,
        policy: policy.name().to_string(),
        level,
        index: s.index,
        sid: s.sid.clone(),
        effect: s.effect,
        location: policy.location(s.span),
        matched_as: match pm {
            Some(PrincipalMatch::Direct(k)) if policy.kind == PolicyKind::Key => {
                Some(kind_label(k).to_string())
            }
            Some(PrincipalMatch::Account) => {
                Some("account (delegation to IAM policies)".to_string())
            }
            _ => None,
        },
    })
}

impl Explain {
    #[allow(
        clippy::too_many_arguments,
        reason = "the request's parts are passed separately to avoid rebuilding them per policy"
    )]
    fn eval_policy(
        &mut self,
        policy: &Policy,
        level: Option<usize>,
        who: Who<'_>,
        action_lower: &str,
        resource: &str,
        ctx: &Context,
        out: &mut SetEval,
    ) {
        let check_principal = policy.kind.has_principals();
        for (i, s) in policy.statements.iter().enumerate() {
            match eval_statement(s, who, check_principal, action_lower, resource, ctx) {
                StatementOutcome::NotApplicable => {}
                StatementOutcome::Applies(pm) => {
                    let Some(r) = statement_ref(policy, i, level, Some(pm)) else {
                        continue;
                    };
                    match s.effect {
                        Effect::Allow => out.allows.push(Hit {
                            statement: r,
                            principal: pm,
                        }),
                        Effect::Deny => out.denies.push(r),
                    }
                }
                StatementOutcome::ConditionFailed { index, missing } => {
                    let Some(c) = s.conditions.as_ref().and_then(|cs| cs.get(index)) else {
                        continue;
                    };
                    if missing && !self.missing.contains(&c.key) {
                        self.missing.push(c.key.clone());
                    }
                    if s.effect == Effect::Allow {
                        if let Some(r) = statement_ref(policy, i, level, None) {
                            self.failed.push(FailedCondition {
                                statement: r,
                                operator: c.operator_text.clone(),
                                key: c.key.clone(),
                                location: policy.location(c.key_span),
                                request_value: ctx.get_lower(&c.key_lower).cloned(),
                                policy_values: c.values.items.iter().map(|v| v.text()).collect(),
                            });
                        }
                    }
                }
                StatementOutcome::Error(e) => {
                    self.errors.push(format!(
                        "{} `{}` statement {}: {}",
                        policy.kind.aws_phrase(),
                        policy.name(),
                        s.label(),
                        e.0
                    ));
                }
            }
        }
    }
}

/// Where the request goes.
enum Target<'w> {
    Key {
        key: &'w Key,
        request_alias: Option<String>,
        alias_arn: Option<String>,
    },
    Missing {
        arn: String,
        account: Option<String>,
    },
    Account,
}

fn bad_input(message: String) -> Error {
    Error::single(Diagnostic::plain(message))
}

fn resolve<'w>(world: &'w World, req: &Request) -> Result<Target<'w>, Error> {
    if req.action.resource == ResourceKind::None {
        return Ok(Target::Account);
    }
    let caller_account = req.caller.account();
    let Some(resource) = req.resource.as_deref() else {
        return match world.keys() {
            [only] => Ok(Target::Key {
                key: only,
                request_alias: None,
                alias_arn: None,
            }),
            _ => Err(bad_input(format!(
                "`kms:{}` needs a resource: a key ARN or alias (the world has {} keys)",
                req.action.name,
                world.keys().len()
            ))),
        };
    };
    if resource == "*" {
        return Err(bad_input(format!(
            "`kms:{}` is authorized against a key: give a key ARN or alias, not `*`",
            req.action.name
        )));
    }
    let alias_target = |account: Option<&str>, alias: &str, arn: Option<String>| {
        let key = match account {
            Some(a) => world.key_by_alias(a, alias),
            None => {
                let mut found = world
                    .keys()
                    .iter()
                    .filter(|k| k.aliases.iter().any(|x| x == alias));
                match (found.next(), found.next()) {
                    (Some(k), None) => Some(k),
                    _ => None,
                }
            }
        };
        match key {
            Some(key) => Target::Key {
                key,
                request_alias: Some(alias.to_string()),
                alias_arn: Some(arn.unwrap_or_else(|| {
                    format!(
                        "arn:{}:kms:{}:{}:{alias}",
                        key.arn.partition, key.arn.region, key.arn.account
                    )
                })),
            },
            None => Target::Missing {
                arn: arn.unwrap_or_else(|| alias.to_string()),
                account: account.map(str::to_string),
            },
        }
    };
    if resource.starts_with("alias/") {
        let account =
            caller_account.or_else(|| world.keys().first().map(|k| k.arn.account.as_str()));
        return Ok(alias_target(account, resource, None));
    }
    if let Some(parts) = crate::values::split_arn(resource) {
        let [_, _, service, _, account, res] = parts;
        if service == "kms" && res.starts_with("alias/") {
            return Ok(alias_target(Some(account), res, Some(resource.to_string())));
        }
        if KeyArn::parse(resource).is_none() {
            return Err(bad_input(format!(
                "invalid key ARN `{resource}`: expected `arn:aws:kms:REGION:ACCOUNT:key/KEY-ID`"
            )));
        }
        return Ok(match world.key(resource) {
            Some(key) => Target::Key {
                key,
                request_alias: None,
                alias_arn: None,
            },
            None => Target::Missing {
                arn: resource.to_string(),
                account: Some(account.to_string()),
            },
        });
    }
    // A bare key id: resolved in the caller's account.
    let found = world
        .keys()
        .iter()
        .find(|k| k.arn.key_id == resource && caller_account.is_none_or(|a| a == k.arn.account));
    match found {
        Some(key) => Ok(Target::Key {
            key,
            request_alias: None,
            alias_arn: None,
        }),
        None if resource.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') => Ok(Target::Missing {
            arn: resource.to_string(),
            account: caller_account.map(str::to_string),
        }),
        None => Err(bad_input(format!(
            "invalid resource `{resource}`: expected a key ARN, a key id, an alias name or alias ARN"
        ))),
    }
}

/// The listed IAM user or role behind the caller.
fn listed_principal<'w>(world: &'w World, caller: &Caller) -> Option<&'w Principal> {
    match caller {
        Caller::User { arn, .. } => world.principal(arn),
        Caller::RoleSession {
            account, role_name, ..
        } => world.role(account, role_name),
        Caller::FederatedUser { account, name, .. } => world
            .principals()
            .iter()
            .find(|p| p.kind == PrincipalKind::User && &p.account == account && &p.name == name),
        Caller::Root { .. } | Caller::Service { .. } => None,
    }
}

/// The policy sets of the caller and the guardrails around the request.
struct Sets {
    scp: Option<Vec<SetEval>>,
    rcp: Option<Vec<SetEval>>,
    vpce: Option<SetEval>,
    identity: SetEval,
    boundary: Option<SetEval>,
    session: Option<SetEval>,
}

impl Sets {
    /// Every applying deny, in the §9 order: SCP, RCP, VPC endpoint, (key policy,) identity,
    /// boundary, session.
    fn denies<'a>(&'a self, key: Option<&'a SetEval>) -> Vec<&'a StatementRef> {
        let mut out: Vec<&StatementRef> = Vec::new();
        for levels in [&self.scp, &self.rcp].into_iter().flatten() {
            out.extend(levels.iter().flat_map(|l| l.denies.iter()));
        }
        for set in [
            self.vpce.as_ref(),
            key,
            Some(&self.identity),
            self.boundary.as_ref(),
            self.session.as_ref(),
        ]
        .into_iter()
        .flatten()
        {
            out.extend(set.denies.iter());
        }
        out
    }
}

struct Evaluator<'w> {
    world: &'w World,
    req: &'w Request,
    who: Who<'w>,
    explain: Explain,
}

impl<'w> Evaluator<'w> {
    fn eval_set(
        &mut self,
        policies: &[&Policy],
        level: Option<usize>,
        resource: &str,
        ctx: &Context,
    ) -> SetEval {
        let mut out = SetEval::default();
        for p in policies {
            self.explain.eval_policy(
                p,
                level,
                self.who,
                &self.req.action_lower,
                resource,
                ctx,
                &mut out,
            );
        }
        out
    }

    fn eval_levels(
        &mut self,
        levels: &[Vec<Policy>],
        resource: &str,
        ctx: &Context,
    ) -> Vec<SetEval> {
        levels
            .iter()
            .enumerate()
            .map(|(i, level)| {
                let ps: Vec<&Policy> = level.iter().collect();
                self.eval_set(&ps, Some(i), resource, ctx)
            })
            .collect()
    }

    /// Evaluates the caller's identity-side policies and the guardrails.
    fn caller_sets(
        &mut self,
        resource: &str,
        ctx: &Context,
        key_account: Option<&str>,
        aws_managed_key: bool,
    ) -> Sets {
        let caller = self.who.caller;
        let principal = self.who.principal;
        let service_linked = principal.is_some_and(|p| p.service_linked);
        let scp = match caller.account().and_then(|a| self.world.account(a)) {
            Some(acct) if !service_linked && !is_management(acct) => acct.scps.clone(),
            _ => None,
        };
        let scp = scp.map(|levels| self.eval_levels(&levels, resource, ctx));
        let rcp = match key_account.and_then(|a| self.world.account(a)) {
            // RCPs never apply to AWS managed keys, nor to kms:RetireGrant (spec §8.5).
            Some(acct)
                if !service_linked
                    && !aws_managed_key
                    && !is_management(acct)
                    && self.req.action.name != "RetireGrant" =>
            {
                acct.rcps.clone()
            }
            _ => None,
        };
        let rcp = rcp.map(|levels| self.eval_levels(&levels, resource, ctx));
        let vpce = self
            .req
            .vpc_endpoint_policy
            .as_ref()
            .map(|p| self.eval_set(&[p], None, resource, ctx));
        let identity: Vec<&Policy> = principal
            .map(|p| p.policies.iter().collect())
            .unwrap_or_default();
        let identity = self.eval_set(&identity, None, resource, ctx);
        let boundary = principal
            .and_then(|p| p.boundary.as_ref())
            .map(|b| self.eval_set(&[b], None, resource, ctx));
        let session = self
            .req
            .session_policy
            .as_ref()
            .map(|p| self.eval_set(&[p], None, resource, ctx));
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
            Caller::Root { .. } => true,
            Caller::Service { .. } => false,
            Caller::FederatedUser { .. } if sets.session.is_none() => false,
            _ => sets.identity.allow(),
        }
    }

    /// Guardrails that need an allow: every SCP level, every RCP level (`RCPFullAWSAccess` is
    /// implied, so RCPs only deny), the VPC endpoint policy. Returns the blocking policy type.
    fn guardrail_block(sets: &Sets) -> Option<PolicyKind> {
        // RCPs: RCPFullAWSAccess is attached at every level, so an RCP never lacks an allow.
        if let Some(levels) = &sets.scp {
            if levels.iter().any(|l| !l.allow()) {
                return Some(PolicyKind::Scp);
            }
        }
        if sets.vpce.as_ref().is_some_and(|v| !v.allow()) {
            return Some(PolicyKind::VpcEndpoint);
        }
        None
    }

    fn finish(
        mut self,
        decision: Decision,
        deciding: Vec<StatementRef>,
        grants: Vec<GrantRef>,
        blocked_by: Option<String>,
    ) -> Response {
        let mut decision = decision;
        if decision == Decision::Allowed && !self.explain.errors.is_empty() {
            decision = Decision::ImplicitDeny;
            self.explain
                .notes
                .push("evaluation failed, so the request is denied (fail closed)".into());
        }
        let (deciding, grants) = if decision == Decision::ImplicitDeny {
            (Vec::new(), Vec::new())
        } else {
            (deciding, grants)
        };
        Response {
            decision,
            deciding,
            grants,
            blocked_by: if decision == Decision::Allowed {
                None
            } else {
                blocked_by
            },
            failed_conditions: self.explain.failed,
            missing_keys: self.explain.missing,
            errors: self.explain.errors,
            notes: self.explain.notes,
            error_code: "none".into(),
            message: None,
        }
    }
}

fn is_management(acct: &crate::world::Account) -> bool {
    acct.organization
        .as_ref()
        .is_some_and(|o| o.management_account)
}

fn explicit_deny(sets: &Sets, key: Option<&SetEval>) -> Option<(Vec<StatementRef>, String)> {
    let denies = sets.denies(key);
    let first = denies.first()?;
    let blocked = first.policy_type.aws_phrase().to_string();
    Some((denies.into_iter().cloned().collect(), blocked))
}

/// How a grant's grantee matches the caller.
fn grantee_match(g: &Grant, who: Who<'_>) -> PrincipalMatch {
    let element = crate::policy::PrincipalElement {
        negated: false,
        star: false,
        entries: vec![crate::policy::PrincipalEntry {
            kind: "AWS".into(),
            values: crate::policy::OneOrMany {
                items: vec![g.grantee.clone()],
                array: false,
            },
        }],
        span: crate::source::Span::default(),
    };
    let stmt = crate::policy::Statement {
        index: 0,
        sid: None,
        effect: Effect::Allow,
        principal: Some(element),
        action: None,
        resource: None,
        conditions: None,
        span: crate::source::Span::default(),
    };
    super::matching::statement_principal(&stmt, who, true)
}

/// Whether a grant's constraint admits the request's encryption context (spec §8.6): keys are
/// compared ignoring case, values exactly.
fn constraint_ok(g: &Grant, req: &Request) -> bool {
    let Some(c) = &g.constraint else { return true };
    if !req.action.takes_encryption_context {
        return true;
    }
    let has = |k: &str, v: &str| {
        req.encryption_context
            .iter()
            .any(|(rk, rv)| rk.eq_ignore_ascii_case(k) && rv == v)
    };
    match c {
        GrantConstraint::Subset(pairs) => pairs.iter().all(|(k, v)| has(k, v)),
        GrantConstraint::Equals(pairs) => {
            pairs.iter().all(|(k, v)| has(k, v))
                && req.encryption_context.iter().all(|(rk, rv)| {
                    pairs
                        .iter()
                        .any(|(k, v)| k.eq_ignore_ascii_case(rk) && v == rv)
                })
        }
    }
}

/// The grants that allow the request, with how their grantee matched.
fn matching_grants(key: &Key, req: &Request, who: Who<'_>) -> Vec<(GrantRef, PrincipalMatch)> {
    let op = req.action.name;
    key.grants
        .iter()
        .filter(|g| {
            g.consistent
                || g.token
                    .as_ref()
                    .is_some_and(|t| req.grant_tokens.contains(t))
        })
        .filter(|g| g.operations.iter().any(|o| o == op))
        .filter(|g| constraint_ok(g, req))
        .filter_map(|g| {
            let pm = grantee_match(g, who);
            (pm != PrincipalMatch::No).then(|| {
                let matched_as = match pm {
                    PrincipalMatch::Direct(k) => kind_label(k).to_string(),
                    _ => "account (needs an IAM allow)".to_string(),
                };
                (
                    GrantRef {
                        key: key.arn.arn.clone(),
                        grant_id: g.id.clone(),
                        matched_as,
                    },
                    pm,
                )
            })
        })
        .collect()
}

/// Decides `req` in `world`.
pub fn authorize(world: &World, req: &Request) -> Result<Response, Error> {
    let target = resolve(world, req)?;
    let principal = listed_principal(world, &req.caller);
    let who = Who {
        caller: &req.caller,
        principal,
    };
    let mut ev = Evaluator {
        world,
        req,
        who,
        explain: Explain {
            failed: Vec::new(),
            missing: Vec::new(),
            errors: Vec::new(),
            notes: Vec::new(),
        },
    };
    let resolved = match &target {
        Target::Key { key, .. } => Some(key.arn.arn.clone()),
        Target::Missing { arn, .. } => Some(arn.clone()),
        Target::Account => None,
    };
    let mut response = match target {
        Target::Account => identity_only(ev, "*", None),
        Target::Missing { arn, account } => {
            let own = account.is_some() && account.as_deref() == req.caller.account();
            let mut r = ev.finish(
                Decision::ImplicitDeny,
                Vec::new(),
                Vec::new(),
                Some("resource-based policy".into()),
            );
            r.notes.push(format!("the key `{arn}` is not in the world"));
            if own {
                r.error_code = "NotFoundException".into();
                r.message = Some(format!("Key '{arn}' does not exist"));
                return Ok(r);
            }
            r
        }
        Target::Key {
            key,
            request_alias,
            alias_arn,
        } => {
            let key_response = key_action(&mut ev, key, request_alias.as_deref());
            if req.action.resource == ResourceKind::AliasAndKey {
                let alias_arn = alias_arn.unwrap_or_else(|| {
                    format!(
                        "arn:{}:kms:{}:{}:alias/*",
                        key.arn.partition, key.arn.region, key.arn.account
                    )
                });
                let ev2 = Evaluator {
                    world,
                    req,
                    who,
                    explain: Explain {
                        failed: Vec::new(),
                        missing: Vec::new(),
                        errors: Vec::new(),
                        notes: Vec::new(),
                    },
                };
                let alias_response = identity_only(ev2, &alias_arn, Some(&key.arn.account));
                combine(key_response, alias_response)
            } else {
                key_response
            }
        }
    };
    if response.decision != Decision::Allowed {
        response.error_code = "AccessDeniedException".into();
        response.message = Some(access_denied_message(req, resolved.as_deref(), &response));
    }
    Ok(response)
}

/// Both parts of a two-resource operation must allow; an explicit deny in either wins.
fn combine(a: Response, b: Response) -> Response {
    let (first, second) = match (a.decision, b.decision) {
        (Decision::ExplicitDeny, _) | (Decision::ImplicitDeny, Decision::Allowed) => (a, b),
        (_, Decision::ExplicitDeny) | (Decision::Allowed, _) => (b, a),
        (Decision::ImplicitDeny, Decision::ImplicitDeny) => (a, b),
    };
    let mut out = first;
    if out.decision == Decision::Allowed {
        out.deciding.extend(second.deciding);
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

/// Account-level actions and the alias half of alias operations: identity policies with
/// guardrails; no key policy (spec §8.7).
fn identity_only(
    mut ev: Evaluator<'_>,
    resource: &str,
    resource_account: Option<&str>,
) -> Response {
    let ctx = derive_context(ev.world, ev.req, ev.who, None, None);
    let sets = ev.caller_sets(resource, &ctx, resource_account, false);
    if let Some((deciding, blocked)) = explicit_deny(&sets, None) {
        return ev.finish(Decision::ExplicitDeny, deciding, Vec::new(), Some(blocked));
    }
    if resource_account.is_some() && resource_account != ev.req.caller.account() {
        ev.explain
            .notes
            .push("aliases can only be managed from the key's own account".into());
        return ev.finish(
            Decision::ImplicitDeny,
            Vec::new(),
            Vec::new(),
            Some("identity-based policy".into()),
        );
    }
    if let Some(kind) = Evaluator::guardrail_block(&sets) {
        return ev.finish(
            Decision::ImplicitDeny,
            Vec::new(),
            Vec::new(),
            Some(kind.aws_phrase().into()),
        );
    }
    let id_allow = ev.identity_allows(&sets);
    let pb_ok = sets.boundary.as_ref().is_none_or(SetEval::allow);
    let sp_ok = sets.session.as_ref().is_none_or(SetEval::allow);
    let blocked = if !id_allow {
        Some(PolicyKind::Identity)
    } else if !pb_ok {
        Some(PolicyKind::Boundary)
    } else if !sp_ok {
        Some(PolicyKind::Session)
    } else {
        None
    };
    match blocked {
        Some(kind) => ev.finish(
            Decision::ImplicitDeny,
            Vec::new(),
            Vec::new(),
            Some(kind.aws_phrase().into()),
        ),
        None => {
            let deciding = sets
                .identity
                .allows
                .into_iter()
                .map(|h| h.statement)
                .collect();
            ev.finish(Decision::Allowed, deciding, Vec::new(), None)
        }
    }
}

/// A key-resource action (spec §8.4–§8.6, §8.8).
fn key_action(ev: &mut Evaluator<'_>, key: &Key, request_alias: Option<&str>) -> Response {
    let mut ev = Evaluator {
        world: ev.world,
        req: ev.req,
        who: ev.who,
        explain: Explain {
            failed: std::mem::take(&mut ev.explain.failed),
            missing: std::mem::take(&mut ev.explain.missing),
            errors: std::mem::take(&mut ev.explain.errors),
            notes: std::mem::take(&mut ev.explain.notes),
        },
    };
    let req = ev.req;
    let caller = ev.who.caller;
    let ctx = derive_context(ev.world, req, ev.who, Some(key), request_alias);
    let resource = key.arn.arn.as_str();
    let sets = ev.caller_sets(
        resource,
        &ctx,
        Some(&key.arn.account),
        key.metadata.key_manager == "AWS",
    );
    let kp = ev.eval_set(&[&key.policy], None, resource, &ctx);
    let same = match caller.account() {
        None => true,
        Some(a) => a == key.arn.account,
    };
    let is_retire = req.action.name == "RetireGrant";

    if let Some((deciding, blocked)) = explicit_deny(&sets, Some(&kp)) {
        return ev.finish(Decision::ExplicitDeny, deciding, Vec::new(), Some(blocked));
    }
    if !same && !req.action.cross_account {
        ev.explain.notes.push(format!(
            "`kms:{}` cannot be used across accounts: a permission for another account's principal has no effect",
            req.action.name
        ));
        return ev.finish(
            Decision::ImplicitDeny,
            Vec::new(),
            Vec::new(),
            Some("resource-based policy".into()),
        );
    }
    if let Some(kind) = Evaluator::guardrail_block(&sets) {
        return ev.finish(
            Decision::ImplicitDeny,
            Vec::new(),
            Vec::new(),
            Some(kind.aws_phrase().into()),
        );
    }

    let id_allow = ev.identity_allows(&sets);
    let pb_ok = sets.boundary.as_ref().is_none_or(SetEval::allow);
    let sp_ok = sets.session.as_ref().is_none_or(SetEval::allow);
    let id_ok = id_allow && pb_ok && sp_ok;
    let survives = |kind: DirectKind| {
        if same {
            (pb_ok || !kind.limited_by_boundary()) && (sp_ok || !kind.limited_by_session())
        } else {
            pb_ok && sp_ok
        }
    };

    // Key-policy paths. `kms:RetireGrant` in a key policy has no effect (spec §8.6).
    let kp_allows: Vec<&Hit> = if is_retire {
        Vec::new()
    } else {
        kp.allows.iter().collect()
    };
    let direct: Vec<&Hit> = kp_allows
        .iter()
        .copied()
        .filter(|h| matches!(h.principal, PrincipalMatch::Direct(_)))
        .collect();
    let account: Vec<&Hit> = kp_allows
        .iter()
        .copied()
        .filter(|h| h.principal == PrincipalMatch::Account)
        .collect();
    let direct_ok: Vec<&Hit> = direct
        .iter()
        .copied()
        .filter(|h| matches!(h.principal, PrincipalMatch::Direct(k) if survives(k)))
        .collect();

    // Grant paths.
    let grants = if is_retire {
        retire_grants(key, ev.who)
    } else {
        matching_grants(key, req, ev.who)
    };
    let grant_direct: Vec<GrantRef> = grants
        .iter()
        .filter(|(_, pm)| matches!(pm, PrincipalMatch::Direct(k) if survives(*k)))
        .map(|(g, _)| g.clone())
        .collect();
    let grant_account: Vec<GrantRef> = grants
        .iter()
        .filter(|(_, pm)| *pm == PrincipalMatch::Account)
        .map(|(g, _)| g.clone())
        .collect();

    let kp_path = same && !direct_ok.is_empty();
    let delegated_path = id_ok
        && if same {
            !account.is_empty()
        } else {
            !direct.is_empty() || !account.is_empty()
        };
    let grant_id_path = id_ok && !grant_account.is_empty();
    let allowed = kp_path || delegated_path || grant_id_path || !grant_direct.is_empty();

    let mut deciding: Vec<StatementRef> = Vec::new();
    if kp_path {
        deciding.extend(direct_ok.iter().map(|h| h.statement.clone()));
    }
    if delegated_path {
        let hits = if same { &account } else { &kp_allows };
        for h in hits {
            if !deciding.contains(&h.statement) {
                deciding.push(h.statement.clone());
            }
        }
    }
    if delegated_path || grant_id_path {
        deciding.extend(sets.identity.allows.iter().map(|h| h.statement.clone()));
    }
    let mut used_grants = grant_direct;
    if grant_id_path {
        used_grants.extend(grant_account);
    }

    if allowed {
        let mut r = ev.finish(Decision::Allowed, deciding, used_grants, None);
        if r.decision == Decision::Allowed {
            if let Some((code, message)) =
                kms::state_error(req.action, &key.metadata.key_state, &key.arn.arn)
            {
                r.error_code = code.into();
                r.message = Some(message);
            }
        }
        return r;
    }
    let any_resource_allow = !direct.is_empty() || !account.is_empty() || !grants.is_empty();
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
    if is_retire && kp.allow() {
        ev.explain.notes.push(
            "`kms:RetireGrant` in a key policy has no effect; retiring is decided by the grant"
                .into(),
        );
    }
    ev.finish(
        Decision::ImplicitDeny,
        Vec::new(),
        Vec::new(),
        Some(blocked.aws_phrase().into()),
    )
}

/// `RetireGrant` (spec §8.6): the retiring principal, or the grantee of a grant that includes
/// `RetireGrant`. An account retiring principal delegates to the account's IAM policies.
fn retire_grants(key: &Key, who: Who<'_>) -> Vec<(GrantRef, PrincipalMatch)> {
    let mut out = Vec::new();
    for g in &key.grants {
        let as_grantee = if g.operations.iter().any(|o| o == "RetireGrant") {
            grantee_match(g, who)
        } else {
            PrincipalMatch::No
        };
        let as_retiring = match &g.retiring {
            Some(r) => {
                let fake = Grant {
                    grantee: r.clone(),
                    ..g.clone()
                };
                grantee_match(&fake, who)
            }
            None => PrincipalMatch::No,
        };
        let pm = match (as_grantee, as_retiring) {
            (PrincipalMatch::Direct(k), _) | (_, PrincipalMatch::Direct(k)) => {
                PrincipalMatch::Direct(k)
            }
            (PrincipalMatch::Account, _) | (_, PrincipalMatch::Account) => PrincipalMatch::Account,
            _ => PrincipalMatch::No,
        };
        if pm != PrincipalMatch::No {
            out.push((
                GrantRef {
                    key: key.arn.arn.clone(),
                    grant_id: g.id.clone(),
                    matched_as: match pm {
                        PrincipalMatch::Direct(k) => kind_label(k).to_string(),
                        _ => "account (needs an IAM allow)".to_string(),
                    },
                },
                pm,
            ));
        }
    }
    out
}

/// AWS's AccessDenied message (spec §9).
fn access_denied_message(req: &Request, resource: Option<&str>, r: &Response) -> String {
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
        (Some(res), Some(caller)) => crate::values::split_arn(res).is_some_and(|p| p[4] != caller),
        _ => false,
    };
    if cross_account && phrase == "resource-based policy" {
        return format!("User: {user} is not authorized to perform: {action} on this resource because the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access");
    }
    match r.decision {
        Decision::ExplicitDeny => format!("User: {user} is not authorized to perform: {action}{on} with an explicit deny in a {phrase}"),
        _ => format!("User: {user} is not authorized to perform: {action}{on} because no {phrase} allows the {action} action"),
    }
}
