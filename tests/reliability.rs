//! Reliability (issue 5): no input crashes kmspolicy and no input tricks it into `allowed`.
//!
//! Four groups of tests:
//!
//! - **property tests** over generated worlds with every policy type — key policy, identity
//!   policy, permissions boundary, SCP levels, RCP, session policy, VPC endpoint policy: a `Deny`
//!   added anywhere never yields `allowed` (and a matching one always wins); guardrails only take
//!   access away; Sids and the order of statements, actions, principals, resources, condition
//!   entries and condition values change nothing; nor does the case of action and condition-key
//!   names; an unevaluable or unknown condition never yields `allowed`;
//! - **hostile input**: huge and deeply nested documents, 10,000 statements, 10,000 condition
//!   values, wildcard patterns built for backtracking, numbers out of range, invalid UTF-8 and
//!   NUL bytes through the binary — each rejected with a clear error or decided correctly;
//! - the **fail-closed audit** of README "Reliability": one named test per way evaluation can fail;
//! - **regressions** for what this work found and `src/` fixed.
//!
//! No test asserts a wall-clock limit; the suite's runtime shows that each finishes quickly.

use std::path::PathBuf;
use std::process::{Command, Output};

use kmspolicy::eval::{authorize_with, decide_with, Options};
use kmspolicy::lint::{lint_text, Options as LintOptions};
use kmspolicy::scenario::load_scenario_str;
use kmspolicy::world::{Account, Key, Organization, Principal};
use kmspolicy::{authorize, decide, Decision, Policy, PolicyKind, Request, Response, World};
use proptest::prelude::*;

const KEY: &str = "arn:aws:kms:us-east-1:111122223333:key/k1";
const A: &str = "111122223333";
const B: &str = "444455556666";

// ---------------------------------------------------------------------------------------------
// Vocabulary of generated policies
// ---------------------------------------------------------------------------------------------

/// Principal values (`AWS` unless they end in `amazonaws.com`).
const PRINCIPALS: &[&str] = &[
    "*",
    "111122223333",
    "arn:aws:iam::111122223333:root",
    "arn:aws:iam::444455556666:root",
    "arn:aws:iam::111122223333:role/App",
    "arn:aws:iam::111122223333:user/alice",
    "arn:aws:iam::444455556666:role/Ext",
    "arn:aws:sts::111122223333:assumed-role/App/s1",
    "cloudtrail.amazonaws.com",
];

const ACTIONS: &[&str] = &[
    "kms:Decrypt",
    "kms:*",
    "*",
    "kms:De*",
    "kms:Encrypt",
    "kms:*Key*",
    "kms:List*",
    "kms:GenerateDataKey*",
];

const RESOURCES: &[&str] = &[
    "*",
    KEY,
    "arn:aws:kms:*:111122223333:key/*",
    "arn:aws:kms:us-east-1:111122223333:key/other",
    "arn:aws:kms:us-east-1:444455556666:*",
];

/// Condition entries: operator, key, values (several values, so that reordering them means
/// something). Some request values make some of them unevaluable (see [`Req`]).
const CONDITIONS: &[(&str, &str, &[&str])] = &[
    ("StringEquals", "kms:EncryptionContext:tenant", &["a", "b"]),
    (
        "StringNotEquals",
        "kms:EncryptionContext:tenant",
        &["b", "c"],
    ),
    ("StringLike", "kms:EncryptionContext:tenant", &["a*", "?x"]),
    (
        "ForAllValues:StringEquals",
        "kms:EncryptionContextKeys",
        &["tenant", "x"],
    ),
    (
        "ForAnyValue:StringLike",
        "kms:EncryptionContextKeys",
        &["ten*", "zz"],
    ),
    ("Null", "kms:EncryptionContext:tenant", &["false"]),
    (
        "StringEqualsIfExists",
        "kms:ViaService",
        &["s3.us-east-1.amazonaws.com", "ec2.us-east-1.amazonaws.com"],
    ),
    ("Bool", "aws:SecureTransport", &["true"]),
    (
        "ArnLike",
        "aws:PrincipalArn",
        &[
            "arn:aws:iam::111122223333:role/*",
            "arn:aws:iam::*:user/alice",
        ],
    ),
    (
        "StringEquals",
        "kms:CallerAccount",
        &["111122223333", "444455556666"],
    ),
    ("NumericLessThan", "custom:n", &["5", "2"]),
    (
        "DateLessThan",
        "aws:CurrentTime",
        &["2030-01-01T00:00:00Z", "2031-01-01"],
    ),
    (
        "IpAddress",
        "aws:SourceIp",
        &["10.0.0.0/8", "192.168.0.0/16"],
    ),
    (
        "StringEquals",
        "aws:PrincipalTag/team",
        &["ops", "${aws:PrincipalTag/team}"],
    ),
    (
        "StringNotEqualsIgnoreCase",
        "aws:PrincipalOrgID",
        &["o-other", "O-THIRD"],
    ),
    // The second value cannot be evaluated when the request has both `tenant` and `Tenant`.
    (
        "StringEquals",
        "kms:CallerAccount",
        &["111122223333", "${kms:EncryptionContext:tenant}"],
    ),
];

#[derive(Debug, Clone)]
struct Stmt {
    allow: bool,
    star: bool,
    principals: Vec<usize>,
    not_action: bool,
    actions: Vec<usize>,
    not_resource: bool,
    resources: Vec<usize>,
    conditions: Vec<usize>,
    /// An extra condition from [`RAW`], written first.
    raw: Option<usize>,
}

fn stmt() -> impl Strategy<Value = Stmt> {
    (
        prop::bool::weighted(0.7),
        prop::bool::weighted(0.2),
        prop::collection::vec(0..PRINCIPALS.len(), 1..4),
        prop::bool::weighted(0.1),
        prop::collection::vec(0..ACTIONS.len(), 1..4),
        prop::bool::weighted(0.1),
        prop::collection::vec(0..RESOURCES.len(), 1..3),
        prop::collection::vec(0..CONDITIONS.len(), 0..3),
    )
        .prop_map(
            |(
                allow,
                star,
                principals,
                not_action,
                actions,
                not_resource,
                resources,
                conditions,
            )| {
                Stmt {
                    allow,
                    star,
                    principals,
                    not_action,
                    actions,
                    not_resource,
                    resources,
                    conditions,
                    raw: None,
                }
            },
        )
}

fn stmts(max: usize) -> impl Strategy<Value = Vec<Stmt>> {
    prop::collection::vec(stmt(), 1..max)
}

/// How a policy is written: the variations the invariance properties compare.
#[derive(Debug, Clone, Copy, Default)]
struct Style {
    /// Sids `Renamed{i}x` instead of `S{i}` (and none at all on odd statements).
    rename_sids: bool,
    /// Statements, actions, principals, resources, condition entries and condition values in
    /// reverse order.
    reverse: bool,
    /// Action names and condition-key names in upper (1), lower (2) or alternating (3) case.
    case: u8,
}

fn recase(s: &str, case: u8) -> String {
    match case {
        1 => s.to_ascii_uppercase(),
        2 => s.to_ascii_lowercase(),
        3 => s
            .chars()
            .enumerate()
            .map(|(i, c)| {
                if i % 2 == 0 {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect(),
        _ => s.to_string(),
    }
}

fn json_list<T: AsRef<str>>(items: &[T], reverse: bool) -> String {
    let mut v: Vec<String> = items
        .iter()
        .map(|s| serde_json::to_string(s.as_ref()).unwrap())
        .collect();
    if reverse {
        v.reverse();
    }
    format!("[{}]", v.join(", "))
}

impl Stmt {
    fn json(&self, index: usize, kind: PolicyKind, style: Style) -> String {
        let mut parts = Vec::new();
        if !style.rename_sids {
            parts.push(format!(r#""Sid": "S{index}""#));
        } else if index % 2 == 0 {
            parts.push(format!(r#""Sid": "Renamed{index}x""#));
        }
        let effect = if self.allow { "Allow" } else { "Deny" };
        parts.push(format!(r#""Effect": "{effect}""#));
        match kind {
            PolicyKind::Rcp => parts.push(r#""Principal": "*""#.into()),
            PolicyKind::Key | PolicyKind::VpcEndpoint if self.star => {
                parts.push(r#""Principal": "*""#.into());
            }
            PolicyKind::Key | PolicyKind::VpcEndpoint => {
                let values: Vec<&str> = self.principals.iter().map(|&i| PRINCIPALS[i]).collect();
                let (service, aws): (Vec<&str>, Vec<&str>) =
                    values.iter().partition(|v| v.ends_with("amazonaws.com"));
                let mut members = Vec::new();
                if !aws.is_empty() {
                    members.push(format!(r#""AWS": {}"#, json_list(&aws, style.reverse)));
                }
                if !service.is_empty() {
                    members.push(format!(
                        r#""Service": {}"#,
                        json_list(&service, style.reverse)
                    ));
                }
                parts.push(format!(r#""Principal": {{{}}}"#, members.join(", ")));
            }
            _ => {}
        }
        let actions: Vec<String> = self
            .actions
            .iter()
            .map(|&i| recase(ACTIONS[i], style.case))
            .collect();
        let a = if self.not_action {
            "NotAction"
        } else {
            "Action"
        };
        parts.push(format!(r#""{a}": {}"#, json_list(&actions, style.reverse)));
        let resources: Vec<&str> = self.resources.iter().map(|&i| RESOURCES[i]).collect();
        let r = if self.not_resource {
            "NotResource"
        } else {
            "Resource"
        };
        parts.push(format!(
            r#""{r}": {}"#,
            json_list(&resources, style.reverse)
        ));
        // Condition entries in writing order: the raw one first, then the vocabulary's; one block
        // per operator in order of first use; a key once per operator.
        let mut entries: Vec<(&str, &str, &[&str])> = Vec::new();
        if let Some(i) = self.raw {
            let (op, key, _, _) = RAW[i];
            entries.push((op, key, std::slice::from_ref(&RAW_VALUES[i])));
        }
        entries.extend(self.conditions.iter().map(|&c| CONDITIONS[c]));
        let mut blocks: Vec<(&str, Vec<(&str, String)>)> = Vec::new();
        for (op, key, values) in entries {
            let entry = format!(
                "{}: {}",
                serde_json::to_string(&recase(key, style.case)).unwrap(),
                json_list(values, style.reverse)
            );
            match blocks.iter_mut().find(|(o, _)| *o == op) {
                Some((_, es)) if es.iter().any(|(k, _)| *k == key) => {}
                Some((_, es)) => es.push((key, entry)),
                None => blocks.push((op, vec![(key, entry)])),
            }
        }
        if style.reverse {
            blocks.reverse();
            for (_, es) in &mut blocks {
                es.reverse();
            }
        }
        if !blocks.is_empty() {
            let blocks: Vec<String> = blocks
                .iter()
                .map(|(op, es)| {
                    let es: Vec<&str> = es.iter().map(|(_, e)| e.as_str()).collect();
                    format!(r#""{op}": {{{}}}"#, es.join(", "))
                })
                .collect();
            parts.push(format!(r#""Condition": {{{}}}"#, blocks.join(", ")));
        }
        format!("{{{}}}", parts.join(", "))
    }
}

fn policy(stmts: &[Stmt], kind: PolicyKind, style: Style) -> Policy {
    let mut body: Vec<String> = stmts
        .iter()
        .enumerate()
        .map(|(i, s)| s.json(i, kind, style))
        .collect();
    if style.reverse {
        body.reverse();
    }
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
        body.join(", ")
    );
    Policy::parse("generated.json", &text, kind).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// Every policy type around one key.
#[derive(Debug, Clone)]
struct Setup {
    key: Vec<Stmt>,
    identity: Vec<Stmt>,
    boundary: Option<Vec<Stmt>>,
    scp: Option<Vec<Vec<Stmt>>>,
    rcp: Option<Vec<Stmt>>,
    session: Option<Vec<Stmt>>,
    vpce: Option<Vec<Stmt>>,
}

fn setup() -> impl Strategy<Value = Setup> {
    (
        stmts(6),
        prop::collection::vec(stmt(), 0..4),
        prop::option::weighted(0.3, stmts(3)),
        prop::option::weighted(0.3, prop::collection::vec(stmts(3), 1..3)),
        prop::option::weighted(0.3, stmts(3)),
        prop::option::weighted(0.3, stmts(3)),
        prop::option::weighted(0.3, stmts(3)),
    )
        .prop_map(|(key, identity, boundary, scp, rcp, session, vpce)| Setup {
            key,
            identity,
            boundary,
            scp,
            rcp,
            session,
            vpce,
        })
}

impl Setup {
    fn without_guardrails(&self) -> Setup {
        Setup {
            boundary: None,
            scp: None,
            rcp: None,
            session: None,
            vpce: None,
            ..self.clone()
        }
    }
}

/// Callers (no federated user: a federated session *without* a session policy has no identity
/// permissions at all — spec §8.5, GetFederationToken — so for it a session policy does add
/// access, by design).
const CALLERS: &[&str] = &[
    "arn:aws:sts::111122223333:assumed-role/App/s1",
    "arn:aws:iam::111122223333:user/alice",
    "arn:aws:iam::111122223333:root",
    "arn:aws:sts::444455556666:assumed-role/Ext/x",
    "arn:aws:iam::444455556666:root",
    "cloudtrail.amazonaws.com",
    "arn:aws:sts::111122223333:assumed-role/Other/s",
];

/// Whether the caller is an IAM user or role the world lists (with identity policies and a
/// boundary).
fn listed(caller: usize) -> bool {
    matches!(caller, 0 | 1 | 3)
}

/// Whether the caller is a role session (only they carry session policies).
fn session_caller(caller: usize) -> bool {
    matches!(caller, 0 | 3 | 6)
}

const REQUEST_ACTIONS: &[&str] = &[
    "kms:Decrypt",
    "kms:Encrypt",
    "kms:DescribeKey",
    "kms:ScheduleKeyDeletion",
    "kms:GenerateDataKey",
    "kms:ListKeys",
];

/// Whether the action is authorized against the key (not an account-level action).
fn key_action(action: usize) -> bool {
    action != 5
}

#[derive(Debug, Clone)]
struct Req {
    caller: usize,
    action: usize,
    tenant: Option<&'static str>,
    /// A second encryption-context pair: `x`, or `Tenant` (ambiguous next to `tenant`).
    extra_pair: Option<&'static str>,
    n: Option<&'static str>,
    time: Option<&'static str>,
    ip: Option<&'static str>,
    via: bool,
    /// The request value of `custom:e` (an index into [`RAW`]).
    bad: Option<usize>,
}

fn req() -> impl Strategy<Value = Req> {
    (
        0..CALLERS.len(),
        0..REQUEST_ACTIONS.len(),
        prop::option::of(prop::sample::select(vec!["a", "b", "A", "bx"])),
        prop::option::of(prop::sample::select(vec!["x", "Tenant"])),
        prop::option::of(prop::sample::select(vec!["3", "7", "abc"])),
        prop::option::of(prop::sample::select(vec![
            "2025-01-01T00:00:00Z",
            "2030-06-01T00:00:00Z",
            "notadate",
        ])),
        prop::option::of(prop::sample::select(vec!["10.1.1.1", "8.8.8.8", "bogus"])),
        any::<bool>(),
    )
        .prop_map(
            |(caller, action, tenant, extra_pair, n, time, ip, via)| Req {
                caller,
                action,
                tenant,
                extra_pair,
                n,
                time,
                ip,
                via,
                bad: None,
            },
        )
}

fn principal(arn: &str, identity: &[Policy], boundary: Option<&Policy>) -> Principal {
    let mut p = Principal::new(arn, identity.to_vec()).unwrap();
    p.boundary = boundary.cloned();
    p.tags = vec![("team".into(), "pay".into())];
    p
}

fn org() -> Organization {
    Organization {
        id: "o-abc".into(),
        paths: vec!["o-abc/r-1/ou-1/".into()],
        management_account: false,
    }
}

fn world(s: &Setup, style: Style) -> World {
    let mut w = World::new();
    w.add_key(Key::new(KEY, policy(&s.key, PolicyKind::Key, style)).unwrap());
    let identity: Vec<Policy> = if s.identity.is_empty() {
        vec![]
    } else {
        vec![policy(&s.identity, PolicyKind::Identity, style)]
    };
    let boundary = s
        .boundary
        .as_ref()
        .map(|b| policy(b, PolicyKind::Boundary, style));
    for arn in [
        "arn:aws:iam::111122223333:role/App",
        "arn:aws:iam::111122223333:user/alice",
        "arn:aws:iam::444455556666:role/Ext",
    ] {
        w.add_principal(principal(arn, &identity, boundary.as_ref()));
    }
    let scps = s.scp.as_ref().map(|levels| {
        let mut levels: Vec<Vec<Policy>> = levels
            .iter()
            .map(|l| vec![policy(l, PolicyKind::Scp, style)])
            .collect();
        if style.reverse {
            levels.reverse();
        }
        levels
    });
    let rcps = s
        .rcp
        .as_ref()
        .map(|r| vec![vec![policy(r, PolicyKind::Rcp, style)]]);
    for (id, rcps) in [(A, rcps), (B, None)] {
        w.add_account(Account {
            id: id.into(),
            organization: Some(org()),
            scps: scps.clone(),
            rcps,
        });
    }
    w
}

fn request(s: &Setup, r: &Req, style: Style) -> Request<'static> {
    let action = if style.case != 0 {
        recase(REQUEST_ACTIONS[r.action], style.case)
    } else {
        REQUEST_ACTIONS[r.action].to_string()
    };
    let mut b = Request::builder()
        .principal(CALLERS[r.caller])
        .action(action)
        .resource(KEY);
    if let Some(t) = r.tenant {
        b = b.encryption_context("tenant", t);
    }
    if let Some(k) = r.extra_pair {
        b = b.encryption_context(k, "z");
    }
    for (key, value) in [
        ("custom:n", r.n),
        ("aws:CurrentTime", r.time),
        ("aws:SourceIp", r.ip),
    ] {
        if let Some(v) = value {
            b = b.context(key, v);
        }
    }
    if r.via {
        b = b.context("kms:ViaService", "s3.us-east-1.amazonaws.com");
    }
    if let Some(i) = r.bad {
        b = b.context("custom:e", RAW[i].3);
    }
    if let (Some(p), true) = (&s.session, session_caller(r.caller)) {
        b = b.session_policy(policy(p, PolicyKind::Session, style));
    }
    if let Some(p) = &s.vpce {
        b = b.vpc_endpoint_policy(policy(p, PolicyKind::VpcEndpoint, style));
    }
    b.build().unwrap()
}

fn full(s: &Setup, r: &Req, style: Style) -> Response {
    let w = world(s, style);
    let q = request(s, r, style);
    let response = authorize(&w, &q).expect("decidable");
    // The fast path and the linear scan always agree with the explanation.
    assert_eq!(decide(&w, &q).unwrap().decision, response.decision);
    let linear = decide_with(&w, &q, Options { use_index: false }).unwrap();
    assert_eq!(linear.decision, response.decision);
    response
}

fn decision(s: &Setup, r: &Req) -> Decision {
    full(s, r, Style::default()).decision
}

/// Every place a statement can be added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Key,
    Identity,
    Boundary,
    Scp(usize),
    Rcp,
    Session,
    Vpce,
}

fn place() -> impl Strategy<Value = Place> {
    prop_oneof![
        Just(Place::Key),
        Just(Place::Identity),
        Just(Place::Boundary),
        (0usize..3).prop_map(Place::Scp),
        Just(Place::Rcp),
        Just(Place::Session),
        Just(Place::Vpce),
    ]
}

/// `s` with `extra` added at `place` (the policy is created when the setup has none).
fn with(s: &Setup, place: Place, extra: Stmt) -> Setup {
    let mut t = s.clone();
    let push = |p: &mut Option<Vec<Stmt>>| p.get_or_insert_with(Vec::new).push(extra.clone());
    match place {
        Place::Key => t.key.push(extra),
        Place::Identity => t.identity.push(extra),
        Place::Boundary => push(&mut t.boundary),
        Place::Rcp => push(&mut t.rcp),
        Place::Session => push(&mut t.session),
        Place::Vpce => push(&mut t.vpce),
        Place::Scp(level) => {
            let levels = t.scp.get_or_insert_with(Vec::new);
            match levels.get_mut(level) {
                Some(l) => l.push(extra),
                None => levels.push(vec![extra]),
            }
        }
    }
    t
}

/// Whether policies at `place` are evaluated for this request (spec §8.5 applicability).
fn evaluated(place: Place, r: &Req) -> bool {
    match place {
        Place::Key => key_action(r.action),
        Place::Identity | Place::Boundary => listed(r.caller),
        Place::Session => session_caller(r.caller),
        Place::Vpce => true,
        // SCPs: every principal of a member account, not service principals.
        Place::Scp(_) => r.caller != 5,
        // RCPs: resources of the key owner's account (not account-level actions).
        Place::Rcp => key_action(r.action),
    }
}

/// A `Deny` of everything, to every principal.
fn deny_all() -> Stmt {
    Stmt {
        allow: false,
        star: true,
        principals: vec![0],
        not_action: false,
        actions: vec![2],
        not_resource: false,
        resources: vec![0],
        conditions: vec![],
        raw: None,
    }
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// §8.5: a `Deny` added to any policy type — key policy, identity policy, boundary, any SCP
    /// level, RCP, session policy, VPC endpoint policy — with any principal, action, resource and
    /// condition never turns a denial into `allowed`.
    #[test]
    fn a_deny_in_any_policy_type_never_allows(
        s in setup(), r in req(), d in stmt(), at in place()
    ) {
        let before = decision(&s, &r);
        let after = decision(&with(&s, at, Stmt { allow: false, ..d }), &r);
        prop_assert!(
            after != Decision::Allowed || before == Decision::Allowed,
            "{before} -> {after} after a Deny in {at:?}"
        );
        if before == Decision::ExplicitDeny {
            prop_assert_eq!(after, Decision::ExplicitDeny);
        }
    }

    /// §8.5: a `Deny` that matches the request wins wherever it is written, as long as that
    /// policy type is evaluated for the request.
    #[test]
    fn a_matching_deny_in_any_policy_type_wins(s in setup(), r in req(), at in place()) {
        let t = with(&s, at, deny_all());
        let after = decision(&t, &r);
        if evaluated(at, &r) {
            prop_assert_eq!(after, Decision::ExplicitDeny, "a Deny in {:?}", at);
        }
    }

    /// §8.5: guardrails (SCPs, RCPs, boundary, session policy, VPC endpoint policy) only take
    /// access away: whatever they say, with them the request is allowed only if it is without.
    #[test]
    fn guardrails_only_remove_access(s in setup(), r in req()) {
        let with_guardrails = decision(&s, &r);
        let without = decision(&s.without_guardrails(), &r);
        prop_assert!(
            with_guardrails != Decision::Allowed || without == Decision::Allowed,
            "guardrails turned {without} into allowed"
        );
        if without == Decision::ExplicitDeny {
            prop_assert_eq!(with_guardrails, Decision::ExplicitDeny);
        }
    }

    /// Style #8: Sids, the order of statements (and SCP levels), and the order of actions,
    /// principals, resources, condition entries and condition values change no decision, no
    /// error — also when some entry or value cannot be evaluated. (Which failed condition the
    /// explanation names may differ: the first false entry is reported.)
    #[test]
    fn sids_and_order_change_nothing(s in setup(), r in req()) {
        let plain = full(&s, &r, Style::default());
        let other = full(&s, &r, Style { rename_sids: true, reverse: true, case: 0 });
        prop_assert_eq!(plain.decision, other.decision);
        prop_assert_eq!(plain.errors.len(), other.errors.len());
    }

    /// §2.1, §3.1: action names and condition-key names (including the request's action) are
    /// case-insensitive.
    #[test]
    fn case_of_action_and_key_names_changes_nothing(s in setup(), r in req(), case in 1u8..4) {
        let plain = full(&s, &r, Style::default());
        let other = full(&s, &r, Style { case, ..Style::default() });
        prop_assert_eq!(plain.decision, other.decision);
        prop_assert_eq!(plain.errors.len(), other.errors.len());
    }

    /// Fail closed: a `Deny` whose condition cannot be evaluated (request value not a number,
    /// date, IP, boolean or ARN) never lets the request through, wherever it is written; when
    /// that policy is evaluated, the error is reported.
    #[test]
    fn an_unevaluable_deny_never_allows(
        s in setup(), r in req(), at in place(), e in 0..ERRORING
    ) {
        let t = with(&s, at, Stmt { raw: Some(e), ..deny_all() });
        let r = Req { bad: Some(e), ..r };
        let response = full(&t, &r, Style::default());
        if evaluated(at, &r) {
            prop_assert_ne!(response.decision, Decision::Allowed);
            prop_assert!(!response.errors.is_empty(), "no error reported for {:?}", at);
        } else {
            // Not evaluated for this request: as if it were not there.
            prop_assert_eq!(response.decision, decision(&s, &r));
        }
    }

    /// Fail closed: an `Allow` whose condition cannot be evaluated, or tests a key the request
    /// does not carry, grants nothing — the decision is `allowed` only if it is without that
    /// statement.
    #[test]
    fn an_unevaluable_or_unknown_allow_grants_nothing(
        s in setup(), r in req(), in_key in any::<bool>(), index in 0usize..8, e in 0..RAW.len()
    ) {
        fn list(t: &mut Setup, in_key: bool) -> &mut Vec<Stmt> {
            if in_key { &mut t.key } else { &mut t.identity }
        }
        let mut broken = s.clone();
        prop_assume!(!list(&mut broken, in_key).is_empty());
        prop_assume!(!(in_key && s.key.len() == 1));
        let i = index % list(&mut broken, in_key).len();
        list(&mut broken, in_key)[i].allow = true;
        list(&mut broken, in_key)[i].raw = Some(e);
        let mut without = s.clone();
        list(&mut without, in_key).remove(i);
        let r = Req { bad: Some(e), ..r };
        if decision(&broken, &r) == Decision::Allowed {
            prop_assert_eq!(decision(&without, &r), Decision::Allowed);
        }
    }
}

/// How many of [`RAW`] cannot be evaluated (the rest are merely about an absent key).
const ERRORING: usize = 6;

/// Extra conditions: operator, key, policy value, and the request's value of `custom:e` that
/// makes the first [`ERRORING`] of them unevaluable.
const RAW: &[(&str, &str, &str, &str)] = &[
    ("NumericLessThan", "custom:e", "5", "abc"),
    (
        "DateLessThan",
        "custom:e",
        "2030-01-01T00:00:00Z",
        "yesterday",
    ),
    ("IpAddress", "custom:e", "10.0.0.0/8", "999.1.1.1"),
    ("Bool", "custom:e", "true", "yes"),
    ("ArnLike", "custom:e", "arn:aws:iam::*:role/*", "role/App"),
    ("NumericEquals", "custom:e", "1", "1e400"),
    // A key the request never carries: a positive operator on it is false.
    ("StringEquals", "custom:unknown", "x", "x"),
];

/// The policy values of [`RAW`], as slices can borrow them.
static RAW_VALUES: [&str; 7] = [
    RAW[0].2, RAW[1].2, RAW[2].2, RAW[3].2, RAW[4].2, RAW[5].2, RAW[6].2,
];

// ---------------------------------------------------------------------------------------------
// Hostile input
// ---------------------------------------------------------------------------------------------

const ALLOW_ALL: &str = r#"{"Sid": "AllowAll", "Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*"}"#;
const APP: &str = "arn:aws:sts::111122223333:assumed-role/App/s1";

fn doc(statements: &str) -> String {
    format!(r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#)
}

fn key_world(key_policy: &str) -> World {
    let mut w = World::new();
    let p = Policy::parse("kp.json", key_policy, PolicyKind::Key).unwrap_or_else(|e| panic!("{e}"));
    w.add_key(Key::new(KEY, p).unwrap());
    w
}

/// Decides with both paths (explanation and fast path, indexed and linear) and checks they agree.
fn check(w: &World, q: &Request) -> Response {
    let r = authorize(w, q).expect("decidable");
    for use_index in [true, false] {
        let opts = Options { use_index };
        assert_eq!(decide_with(w, q, opts).unwrap().decision, r.decision);
        assert_eq!(authorize_with(w, q, opts).unwrap().decision, r.decision);
    }
    r
}

fn app(action: &str) -> kmspolicy::eval::RequestBuilder<'static> {
    Request::builder()
        .principal(APP)
        .action(action)
        .resource(KEY)
}

fn message(e: &kmspolicy::Error) -> String {
    e.to_string()
}

/// A document of `n` padding bytes around an otherwise valid key policy.
fn padded(n: usize) -> String {
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [{ALLOW_ALL}], "Padding": "{}"}}"#,
        "a".repeat(n)
    )
}

/// A 100 MB document is refused on its size alone (the limit is 16 MiB) by the JSON reader and
/// by the policy parser, before the text is copied or indexed, with a clear error at 1:1.
#[test]
fn a_100_mb_document_is_rejected_by_its_size() {
    let huge = padded(100 << 20);
    let e = kmspolicy::json::parse(&huge, kmspolicy::json::Limits::default()).unwrap_err();
    assert!(
        e.message.contains("more than the limit of 16777216 bytes"),
        "{}",
        e.message
    );
    let e = Policy::parse("big.json", &huge, PolicyKind::Key).unwrap_err();
    let expected = format!(
        "big.json:1:1: error: document is {} bytes, more than the limit of 16777216 bytes",
        huge.len()
    );
    assert!(message(&e).starts_with(&expected), "{e}");
}

/// The scenario loader refuses a 100 MB document the same way.
#[test]
fn a_scenario_over_the_size_limit_is_rejected() {
    let e = load_scenario_str(
        "big.test.json",
        &padded(100 << 20),
        std::path::Path::new("."),
    )
    .unwrap_err();
    assert!(message(&e).contains("more than the limit"), "{e}");
}

/// The linter reports a document over the size limit as KP001. (It still indexes the text before
/// the size check — open, see README "Reliability" — so it is exercised just over the limit.)
#[test]
fn a_lint_input_over_the_size_limit_is_a_finding() {
    let report = lint_text("big.json", &padded(16 << 20), &LintOptions::default());
    assert!(report
        .findings
        .iter()
        .any(|f| f.code == "KP001" && f.message.contains("more than the limit")));
}

/// Nesting 10,000 levels deep (arrays, objects, in JSON and in YAML) is refused at the depth
/// limit with the place where it was exceeded — no stack overflow.
#[test]
fn nesting_10000_deep_is_rejected_at_the_depth_limit() {
    let arrays = format!(
        r#"{{"Version": "2012-10-17", "Statement": {}{}}}"#,
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let objects = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Condition": {}1{}}}]}}"#,
        r#"{"a": "#.repeat(10_000),
        "}".repeat(10_000)
    );
    for text in [&arrays, &objects] {
        let e = Policy::parse("deep.json", text, PolicyKind::Key).unwrap_err();
        let m = message(&e);
        assert!(m.contains("nesting deeper than 64 levels"), "{m}");
        assert!(m.starts_with("deep.json:1:"), "{m}");
        let e = load_scenario_str("deep.test.json", text, std::path::Path::new(".")).unwrap_err();
        assert!(message(&e).contains("nesting deeper than"));
        let report = lint_text("deep.json", text, &LintOptions::default());
        assert!(report.findings.iter().any(|f| f.code == "KP001"));
    }
    let yaml = format!("Statement: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let report = lint_text("deep.yaml", &yaml, &LintOptions::default());
    assert!(report
        .findings
        .iter()
        .any(|f| f.code == "KP001" && f.message.contains("recursion limit")));
}

/// A key policy of 10,000 statements (KMS itself caps key policies at 32 KB; the engine does
/// not) loads and is decided correctly, through the principal index and by the linear scan.
#[test]
fn a_10000_statement_key_policy_loads_and_decides() {
    let mut statements: Vec<String> = (0..10_000)
        .map(|i| {
            format!(
                r#"{{"Sid": "R{i}", "Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::111122223333:role/R{i}"}}, "Action": "kms:Decrypt", "Resource": "*", "Condition": {{"StringEquals": {{"kms:EncryptionContext:tenant": "t{i}"}}}}}}"#
            )
        })
        .collect();
    statements.push(
        r#"{"Sid": "NoDeletion", "Effect": "Deny", "Principal": "*", "Action": "kms:ScheduleKeyDeletion", "Resource": "*"}"#.into(),
    );
    let w = key_world(&doc(&statements.join(",\n")));
    assert_eq!(w.keys()[0].policy.statements.len(), 10_001);
    let role = |i: usize, action: &str, tenant: &str| {
        Request::builder()
            .principal(format!("arn:aws:sts::111122223333:assumed-role/R{i}/s"))
            .action(action)
            .resource(KEY)
            .encryption_context("tenant", tenant)
            .build()
            .unwrap()
            .into_owned()
    };
    let r = check(&w, &role(7_321, "kms:Decrypt", "t7321"));
    assert_eq!(r.decision, Decision::Allowed);
    assert_eq!(r.deciding_labels(), ["R7321"]);
    assert_eq!(
        check(&w, &role(7_321, "kms:Decrypt", "t7322")).decision,
        Decision::ImplicitDeny
    );
    assert_eq!(
        check(&w, &role(10_001, "kms:Decrypt", "t1")).decision,
        Decision::ImplicitDeny
    );
    assert_eq!(
        check(&w, &role(9_999, "kms:ScheduleKeyDeletion", "t9999")).decision,
        Decision::ExplicitDeny
    );
}

/// Patterns built for backtracking (`*a*a*a…*b`) against 100,000-character values: the
/// matcher is linear, so these finish at once, and the answers are right.
#[test]
fn backtracking_wildcards_are_matched_in_linear_time() {
    let evil = format!("{}*b", "*a".repeat(40));
    let long_a = "a".repeat(100_000);
    let long_ab = format!("{long_a}b");

    // StringLike on a request value.
    let w = key_world(&doc(&format!(
        r#"{{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {{"StringLike": {{"kms:EncryptionContext:tenant": "{evil}"}}}}}}"#
    )));
    let q = |t: &str| {
        app("kms:Decrypt")
            .encryption_context("tenant", t)
            .build()
            .unwrap()
            .into_owned()
    };
    assert_eq!(check(&w, &q(&long_a)).decision, Decision::ImplicitDeny);
    assert_eq!(check(&w, &q(&long_ab)).decision, Decision::Allowed);

    // ArnLike on the resource part of an ARN.
    let w = key_world(&doc(&format!(
        r#"{{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {{"ArnLike": {{"aws:SourceArn": "arn:aws:s3:::{evil}"}}}}}}"#
    )));
    let q = |bucket: &str| {
        app("kms:Decrypt")
            .context("aws:SourceArn", format!("arn:aws:s3:::{bucket}"))
            .build()
            .unwrap()
    };
    assert_eq!(check(&w, &q(&long_a)).decision, Decision::ImplicitDeny);
    assert_eq!(check(&w, &q(&long_ab)).decision, Decision::Allowed);

    // Resource patterns against a key whose id is 100,000 characters long.
    for (key_id, want) in [
        (&long_a, Decision::ImplicitDeny),
        (&long_ab, Decision::Allowed),
    ] {
        let arn = format!("arn:aws:kms:us-east-1:111122223333:key/{key_id}");
        let p = doc(&format!(
            r#"{{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:111122223333:key/{evil}"}}"#
        ));
        let mut w = World::new();
        w.add_key(Key::new(&arn, Policy::parse("kp.json", &p, PolicyKind::Key).unwrap()).unwrap());
        let q = Request::builder()
            .principal(APP)
            .action("kms:Decrypt")
            .resource(arn)
            .build()
            .unwrap();
        assert_eq!(check(&w, &q).decision, want);
    }

    // Action patterns: a long wildcard pattern in Action and NotAction.
    let pattern = format!("kms:{}*t", "*e".repeat(200));
    let w = key_world(&doc(&format!(
        r#"{{"Effect": "Allow", "Principal": "*", "Action": "{pattern}", "Resource": "*"}},
           {{"Effect": "Deny", "Principal": "*", "NotAction": ["{pattern}", "kms:De*"], "Resource": "*"}}"#
    )));
    assert_eq!(
        check(&w, &app("kms:Decrypt").build().unwrap()).decision,
        Decision::ImplicitDeny
    );
    assert_eq!(
        check(&w, &app("kms:Encrypt").build().unwrap()).decision,
        Decision::ExplicitDeny
    );
    let w = key_world(&doc(&format!(
        r#"{{"Effect": "Allow", "Principal": "*", "Action": "kms:{}*y", "Resource": "*"}}"#,
        "*e".repeat(200)
    )));
    assert_eq!(
        check(&w, &app("kms:DescribeKey").build().unwrap()).decision,
        Decision::ImplicitDeny
    );
    let w = key_world(&doc(
        r#"{"Effect": "Allow", "Principal": "*", "Action": "kms:*e*e*y", "Resource": "*"}"#,
    ));
    assert_eq!(
        check(&w, &app("kms:DescribeKey").build().unwrap()).decision,
        Decision::Allowed
    );
    assert_eq!(
        check(&w, &app("kms:Encrypt").build().unwrap()).decision,
        Decision::ImplicitDeny
    );
}

/// 10,000 values under one condition key: ORed for positive operators, ANDed for negated ones,
/// for strings, IP ranges and set operators.
#[test]
fn ten_thousand_condition_values() {
    let values: Vec<String> = (0..10_000).map(|i| format!("v{i}")).collect();
    let list = serde_json::to_string(&values).unwrap();
    let ips: Vec<String> = (0..10_000)
        .map(|i| format!("10.{}.{}.1/32", i / 256, i % 256))
        .collect();
    let ip_list = serde_json::to_string(&ips).unwrap();
    let w = key_world(&doc(&format!(
        r#"{{"Sid": "Tenants", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {{"StringEquals": {{"kms:EncryptionContext:tenant": {list}}}}}}},
           {{"Sid": "NotTenants", "Effect": "Deny", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {{"StringNotEquals": {{"kms:EncryptionContext:other": {list}}}, "Null": {{"kms:EncryptionContext:other": "false"}}}}}},
           {{"Sid": "Ranges", "Effect": "Allow", "Principal": "*", "Action": "kms:Encrypt", "Resource": "*", "Condition": {{"IpAddress": {{"aws:SourceIp": {ip_list}}}}}}},
           {{"Sid": "Keys", "Effect": "Allow", "Principal": "*", "Action": "kms:GenerateDataKey", "Resource": "*", "Condition": {{"ForAllValues:StringEquals": {{"kms:EncryptionContextKeys": {list}}}, "Null": {{"kms:EncryptionContextKeys": "false"}}}}}}"#
    )));
    let ec = |action: &str, pairs: &[(&str, &str)]| {
        let mut b = app(action);
        for (k, v) in pairs {
            b = b.encryption_context(*k, *v);
        }
        b.build().unwrap().into_owned()
    };
    let d = |q: &Request| check(&w, q).decision;
    assert_eq!(
        d(&ec("kms:Decrypt", &[("tenant", "v9999")])),
        Decision::Allowed
    );
    assert_eq!(
        d(&ec("kms:Decrypt", &[("tenant", "v10000")])),
        Decision::ImplicitDeny
    );
    assert_eq!(
        d(&ec("kms:Decrypt", &[("tenant", "v1"), ("other", "v5000")])),
        Decision::Allowed
    );
    assert_eq!(
        d(&ec("kms:Decrypt", &[("tenant", "v1"), ("other", "x")])),
        Decision::ExplicitDeny
    );
    let ip = |addr: &str| {
        app("kms:Encrypt")
            .context("aws:SourceIp", addr)
            .build()
            .unwrap()
    };
    assert_eq!(d(&ip("10.39.15.1")), Decision::Allowed);
    assert_eq!(d(&ip("10.39.16.1")), Decision::ImplicitDeny);
    assert_eq!(d(&ip("10.0.0.2")), Decision::ImplicitDeny);
    assert_eq!(
        d(&ec("kms:GenerateDataKey", &[("v1", "a"), ("v9999", "b")])),
        Decision::Allowed
    );
    assert_eq!(
        d(&ec("kms:GenerateDataKey", &[("v1", "a"), ("w", "b")])),
        Decision::ImplicitDeny
    );
}

/// Numbers out of range: a policy value that is not a finite number is refused when the policy
/// is loaded; a request value that is not one is an evaluation error (never `allowed`); huge but
/// finite numbers compare normally. Dates likewise.
#[test]
fn numbers_out_of_range_in_numeric_conditions() {
    let numeric = |value: &str| {
        doc(&format!(
            r#"{{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {{"NumericLessThan": {{"custom:n": {value}}}}}}}"#
        ))
    };
    let huge = format!("\"1{}\"", "0".repeat(400));
    for bad in [
        r#""1e400""#,
        "1e400",
        r#""-1e400""#,
        r#""NaN""#,
        r#""Infinity""#,
        r#""0x10""#,
        &huge,
    ] {
        let e = Policy::parse("n.json", &numeric(bad), PolicyKind::Key).unwrap_err();
        assert!(message(&e).contains("invalid number"), "{bad}: {e}");
    }
    let forty_nines = "9".repeat(40);
    for bad in [forty_nines.clone(), format!("-{forty_nines}")] {
        let p = doc(&format!(
            r#"{{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {{"DateLessThan": {{"aws:CurrentTime": "{bad}"}}}}}}"#
        ));
        let e = Policy::parse("d.json", &p, PolicyKind::Key).unwrap_err();
        assert!(message(&e).contains("invalid date"), "{bad}: {e}");
    }
    let w = key_world(&numeric(r#""1e308""#));
    let q = |n: &str| app("kms:Decrypt").context("custom:n", n).build().unwrap();
    assert_eq!(check(&w, &q("1e307")).decision, Decision::Allowed);
    assert_eq!(
        check(&w, &q("99999999999999999999999999999999999")).decision,
        Decision::Allowed
    );
    assert_eq!(check(&w, &q("1e308")).decision, Decision::ImplicitDeny);
    for bad in ["1e400", "-1e400", "NaN", "inf", "1e", "-", "", "0x10", " 1"] {
        let r = check(&w, &q(bad));
        assert_eq!(r.decision, Decision::ImplicitDeny, "{bad}");
        assert!(
            r.errors.iter().any(|e| e.contains("is not a number")),
            "{bad}: {:?}",
            r.errors
        );
    }
}

fn scratch_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kmspolicy-reliability-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kmspolicy"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs `can` (on a key policy), `test` (on a scenario file) and `lint` over one file.
fn run_all(path: &std::path::Path) -> [Output; 3] {
    let p = path.to_str().unwrap();
    [
        run(&[
            "can",
            "--key-policy",
            p,
            "--principal",
            APP,
            "--action",
            "kms:Decrypt",
        ]),
        run(&["test", p]),
        run(&["lint", "--format", "concise", p]),
    ]
}

/// Invalid UTF-8 through the binary: a clear error naming the file, exit status 2, no panic.
#[test]
fn invalid_utf8_is_a_clear_error_with_exit_status_2() {
    let mut bytes = doc(ALLOW_ALL).into_bytes();
    bytes.splice(20..20, [0xff, 0xfe, 0xc3]);
    let path = scratch_file("bad-utf8.test.json", &bytes);
    for o in run_all(&path) {
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(
            err.contains("bad-utf8.test.json") && err.contains("UTF-8"),
            "{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

/// NUL bytes through the binary: a raw NUL is a syntax error at its line and column (exit 2 for
/// `can` and `test`; for `lint` a policy that is not JSON is a KP001 finding, exit 1); an
/// escaped `\u0000` inside a string is just a character.
#[test]
fn nul_bytes_are_a_clear_error_with_exit_status_2() {
    let text = doc(ALLOW_ALL).replacen("\"Statement\"", "\n\0\"Statement\"", 1);
    let path = scratch_file("nul.test.json", text.as_bytes());
    let [can, test, lint] = run_all(&path);
    for o in [&can, &test] {
        let err = stderr(o);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(
            err.contains("nul.test.json:2:1: error: unexpected `\\0`"),
            "{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    assert_eq!(lint.status.code(), Some(1), "{}", stderr(&lint));
    assert!(String::from_utf8_lossy(&lint.stdout).contains("error[KP001] unexpected `\\0`"));

    let escaped = doc(&ALLOW_ALL.replace("AllowAll", "Allow\\u0000All"));
    let path = scratch_file("escaped-nul.json", escaped.as_bytes());
    let [can, _, lint] = run_all(&path);
    assert_eq!(can.status.code(), Some(0), "{}", stderr(&can));
    assert!(!stderr(&lint).contains("panicked"));
}

// ---------------------------------------------------------------------------------------------
// Fail-closed audit (README "Reliability"): every way evaluation can fail
// ---------------------------------------------------------------------------------------------

/// The key policy allows everything and denies when `condition` holds. The request carries
/// `key = value` for each `(key, value)`: `bad` cannot be read for the operator, `false_value`
/// makes the condition false and `true_value` makes it true.
fn deny_when(
    condition: &str,
    key: &str,
    [bad, false_value, true_value]: [&str; 3],
    expected_error: &str,
) {
    let w = key_world(&doc(&format!(
        r#"{ALLOW_ALL}, {{"Sid": "DenyWhen", "Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": {condition}}}"#
    )));
    let q = |v: &str| app("kms:Decrypt").context(key, v).build().unwrap();
    assert_eq!(check(&w, &q(false_value)).decision, Decision::Allowed);
    assert_eq!(check(&w, &q(true_value)).decision, Decision::ExplicitDeny);
    let r = check(&w, &q(bad));
    assert_eq!(r.decision, Decision::ImplicitDeny, "{bad}");
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    assert!(r.errors[0].contains(expected_error), "{:?}", r.errors);
    assert!(
        r.notes.iter().any(|n| n.contains("fail closed")),
        "{:?}",
        r.notes
    );
}

#[test]
fn fail_closed_request_value_not_a_date() {
    deny_when(
        r#"{"DateGreaterThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}"#,
        "aws:CurrentTime",
        ["tomorrow", "2025-01-01T00:00:00Z", "2031-01-01T00:00:00Z"],
        "the request value `tomorrow` of `aws:CurrentTime` is not a date",
    );
}

#[test]
fn fail_closed_request_value_not_an_ip_address() {
    deny_when(
        r#"{"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}"#,
        "aws:SourceIp",
        ["10.0.0.300", "10.1.2.3", "8.8.8.8"],
        "is not an IP address",
    );
}

#[test]
fn fail_closed_request_value_not_a_number() {
    deny_when(
        r#"{"NumericGreaterThan": {"aws:MultiFactorAuthAge": "3600"}}"#,
        "aws:MultiFactorAuthAge",
        ["an hour", "60", "7200"],
        "is not a number",
    );
}

#[test]
fn fail_closed_request_value_not_a_boolean() {
    deny_when(
        r#"{"Bool": {"aws:SecureTransport": "false"}}"#,
        "aws:SecureTransport",
        ["yes", "true", "false"],
        "is not a boolean",
    );
}

#[test]
fn fail_closed_request_value_not_an_arn() {
    deny_when(
        r#"{"ArnNotLike": {"aws:SourceArn": "arn:aws:s3:::allowed-*"}}"#,
        "aws:SourceArn",
        [
            "allowed-bucket",
            "arn:aws:s3:::allowed-1",
            "arn:aws:s3:::other",
        ],
        "is not an ARN",
    );
}

/// §6.3: two encryption-context pairs whose keys differ only by case, tested by a condition on
/// that key: which one AWS reads is undocumented, so the condition is an evaluation error.
#[test]
fn fail_closed_ambiguous_encryption_context_key_case() {
    let w = key_world(&doc(&format!(
        r#"{ALLOW_ALL}, {{"Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": {{"StringNotEquals": {{"kms:EncryptionContext:dept": "finance"}}}}}}"#
    )));
    let q = |pairs: &[(&str, &str)]| {
        let mut b = app("kms:Decrypt");
        for (k, v) in pairs {
            b = b.encryption_context(*k, *v);
        }
        b.build().unwrap().into_owned()
    };
    assert_eq!(
        check(&w, &q(&[("Dept", "finance")])).decision,
        Decision::Allowed
    );
    assert_eq!(
        check(&w, &q(&[("dept", "hr")])).decision,
        Decision::ExplicitDeny
    );
    let r = check(&w, &q(&[("dept", "finance"), ("DEPT", "hr")]));
    assert_eq!(r.decision, Decision::ImplicitDeny);
    assert!(
        r.errors[0].contains("differ only by case"),
        "{:?}",
        r.errors
    );
    // Presence alone is not ambiguous: `Null` reads both spellings as present.
    let w = key_world(&doc(&format!(
        r#"{ALLOW_ALL}, {{"Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": {{"Null": {{"kms:EncryptionContext:dept": "true"}}}}}}"#
    )));
    let r = check(&w, &q(&[("dept", "finance"), ("DEPT", "hr")]));
    assert_eq!((r.decision, r.errors.len()), (Decision::Allowed, 0));
}

/// A policy variable naming a key the request carries in two spellings: an evaluation error too.
#[test]
fn fail_closed_ambiguous_policy_variable() {
    let mut w = key_world(&doc(&format!(
        r#"{ALLOW_ALL}, {{"Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": {{"StringNotEquals": {{"kms:EncryptionContext:tenant": "${{aws:PrincipalTag/tenant}}"}}}}}}"#
    )));
    let mut role = Principal::new("arn:aws:iam::111122223333:role/App", vec![]).unwrap();
    role.tags = vec![("tenant".into(), "a".into()), ("Tenant".into(), "b".into())];
    w.add_principal(role);
    let r = check(
        &w,
        &app("kms:Decrypt")
            .encryption_context("tenant", "a")
            .build()
            .unwrap(),
    );
    assert_eq!(r.decision, Decision::ImplicitDeny);
    assert!(r.errors[0].contains("policy variable"), "{:?}", r.errors);
}

/// §4: a variable without a value (and no default) is not an error: it follows the documented
/// rules — a positive condition on it fails, a negated one holds, a `Resource` entry with it
/// matches nothing — and in `NotResource` the statement does not apply (engine choice, spec §12).
#[test]
fn unresolvable_variable_follows_the_documented_rules() {
    let w = key_world(&doc(
        r#"{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"kms:EncryptionContext:user": "${aws:username}"}}},
           {"Effect": "Allow", "Principal": "*", "Action": ["kms:Encrypt", "kms:ScheduleKeyDeletion"], "Resource": "*"},
           {"Effect": "Deny", "Principal": "*", "Action": "kms:Encrypt", "Resource": "*", "Condition": {"StringNotEquals": {"kms:EncryptionContext:team": "${aws:PrincipalTag/team}"}}},
           {"Effect": "Allow", "Principal": "*", "Action": "kms:GenerateDataKey", "Resource": "*", "Condition": {"StringEquals": {"kms:EncryptionContext:team": "${aws:PrincipalTag/team, 'none'}"}}},
           {"Effect": "Allow", "Principal": "*", "Action": "kms:DescribeKey", "Resource": "arn:aws:kms:us-east-1:111122223333:key/${aws:username}"},
           {"Effect": "Deny", "Principal": "*", "Action": "kms:ScheduleKeyDeletion", "NotResource": "arn:aws:kms:us-east-1:111122223333:key/${aws:username}"}"#,
    ));
    let q = |action: &str, pair: Option<(&str, &str)>| {
        let mut b = app(action);
        if let Some((k, v)) = pair {
            b = b.encryption_context(k, v);
        }
        b.build().unwrap().into_owned()
    };
    for (request, want) in [
        (q("kms:Decrypt", Some(("user", ""))), Decision::ImplicitDeny),
        (
            q("kms:Encrypt", Some(("team", "pay"))),
            Decision::ExplicitDeny,
        ),
        (
            q("kms:GenerateDataKey", Some(("team", "none"))),
            Decision::Allowed,
        ),
        (q("kms:DescribeKey", None), Decision::ImplicitDeny),
        (q("kms:ScheduleKeyDeletion", None), Decision::Allowed),
    ] {
        let r = check(&w, &request);
        assert_eq!(r.decision, want, "{}", request.action_name());
        assert!(r.errors.is_empty(), "{:?}", r.errors);
    }
}

/// An unknown operator (or set prefix, or `IfExists` on `Null`) never reaches the evaluator: the
/// policy is refused when it is loaded, with a "did you mean", and a scenario using it does not
/// load, so no decision is ever made with it.
#[test]
fn unknown_operator_never_reaches_the_evaluator() {
    for (op, expected) in [
        ("StringEqualz", "did you mean `StringEquals`?"),
        ("ForAnyValues:StringEquals", "ForAnyValues"),
        ("NullIfExists", "NullIfExists"),
        ("Foo:Bar:StringEquals", "Foo:Bar:StringEquals"),
    ] {
        let text = doc(&format!(
            r#"{{"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": {{"{op}": {{"kms:CallerAccount": "111122223333"}}}}}}"#
        ));
        let e = Policy::parse("op.json", &text, PolicyKind::Key).unwrap_err();
        assert!(message(&e).contains(expected), "{op}: {e}");
        let scenario = format!(
            r#"{{"keys": [{{"arn": "{KEY}", "policy": {text}}}], "cases": [{{"name": "c", "principal": "{APP}", "action": "kms:Decrypt", "expect": "allowed"}}]}}"#
        );
        assert!(load_scenario_str("op.test.json", &scenario, std::path::Path::new(".")).is_err());
        let report = lint_text("op.json", &text, &LintOptions::default());
        assert!(report
            .findings
            .iter()
            .any(|f| f.severity == kmspolicy::lint::Severity::Error));
    }
}

/// A policy value that cannot be read for its operator (CIDR, date, number, boolean) is refused
/// when the policy is loaded, at its line and column.
#[test]
fn unreadable_policy_values_are_refused_at_load() {
    for (condition, expected) in [
        (
            r#"{"IpAddress": {"aws:SourceIp": "10.0.0.0/33"}}"#,
            "invalid IP address or CIDR",
        ),
        (
            r#"{"IpAddress": {"aws:SourceIp": "300.1.1.1"}}"#,
            "invalid IP address or CIDR",
        ),
        (
            r#"{"DateLessThan": {"aws:CurrentTime": "2020-13-45"}}"#,
            "invalid date",
        ),
        (
            r#"{"NumericLessThan": {"custom:n": "ten"}}"#,
            "invalid number",
        ),
        (
            r#"{"Bool": {"aws:SecureTransport": "maybe"}}"#,
            "invalid boolean",
        ),
    ] {
        let text = doc(&format!(
            r#"{{"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": {condition}}}"#
        ));
        let e = Policy::parse("v.json", &text, PolicyKind::Key).unwrap_err();
        let m = message(&e);
        assert!(m.contains(expected) && m.starts_with("v.json:1:"), "{m}");
    }
}

/// A malformed ARN in the request — the resource or the principal — is bad input: the request
/// is refused (CLI exit status 2), never decided.
#[test]
fn malformed_arn_in_the_request_is_refused() {
    let w = key_world(&doc(ALLOW_ALL));
    for resource in [
        "arn:aws:kms:us-east-1:111122223333:notakey/x",
        "arn:aws:kms:us-east-1:111122223333",
        "arn:aws:kms:us-east-1:12345:key/k1",
        "*",
        "key id with spaces",
    ] {
        let q = Request::builder()
            .principal(APP)
            .action("kms:Decrypt")
            .resource(resource)
            .build()
            .unwrap();
        assert!(authorize(&w, &q).is_err(), "{resource}");
        assert!(decide(&w, &q).is_err(), "{resource}");
    }
    for principal in [
        "arn:aws:iam::12345:role/x",
        "arn:aws:sts::111122223333",
        "",
        "not a principal",
    ] {
        let q = Request::builder()
            .principal(principal)
            .action("kms:Decrypt")
            .build();
        assert!(q.is_err(), "{principal:?}");
    }
    let kp = scratch_file("kp.json", doc(ALLOW_ALL).as_bytes());
    let kp = kp.to_str().unwrap();
    for args in [
        [
            "--principal",
            APP,
            "--resource",
            "arn:aws:kms:us-east-1:111122223333:notakey/x",
        ],
        ["--principal", "arn:aws:iam::1:role/x", "--resource", KEY],
    ] {
        let mut all = vec!["can", "--key-policy", kp, "--action", "kms:Decrypt"];
        all.extend(args);
        let o = run(&all);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("error: invalid"), "{}", stderr(&o));
    }
}

fn allow_everything() -> Stmt {
    Stmt {
        allow: true,
        ..deny_all()
    }
}

/// An unevaluable `Deny` fails closed in every policy type — key policy, identity policy,
/// boundary, SCP, RCP, session policy, VPC endpoint policy — and the error names the policy type.
#[test]
fn fail_closed_in_every_policy_type() {
    let everything = vec![allow_everything()];
    let base = Setup {
        key: everything.clone(),
        identity: everything.clone(),
        boundary: Some(everything.clone()),
        scp: Some(vec![everything.clone()]),
        rcp: Some(everything.clone()),
        session: Some(everything.clone()),
        vpce: Some(everything),
    };
    let r = Req {
        caller: 0,
        action: 0,
        tenant: None,
        extra_pair: None,
        n: None,
        time: None,
        ip: None,
        via: false,
        bad: Some(0),
    };
    assert_eq!(decision(&base, &r), Decision::Allowed);
    for (at, phrase) in [
        (Place::Key, "resource-based policy"),
        (Place::Identity, "identity-based policy"),
        (Place::Boundary, "permissions boundary"),
        (Place::Scp(0), "service control policy"),
        (Place::Rcp, "resource control policy"),
        (Place::Session, "session policy"),
        (Place::Vpce, "VPC endpoint policy"),
    ] {
        let t = with(
            &base,
            at,
            Stmt {
                raw: Some(0),
                ..deny_all()
            },
        );
        let response = full(&t, &r, Style::default());
        assert_eq!(response.decision, Decision::ImplicitDeny, "{at:?}");
        assert!(
            response.errors.iter().any(|e| e.starts_with(phrase)),
            "{at:?}: {:?}",
            response.errors
        );
        // An error never hides an explicit deny.
        let t = with(&t, at, deny_all());
        assert_eq!(decision(&t, &r), Decision::ExplicitDeny, "{at:?}");
    }
}

/// Fail closed on the grant path too: a grant alone allows, an unevaluable `Deny` takes it away.
#[test]
fn fail_closed_on_the_grant_path() {
    let scenario = |deny: &str| {
        format!(
            r#"{{"keys": [{{"arn": "{KEY}",
                "policy": {{"Version": "2012-10-17", "Statement": [
                  {{"Sid": "Admins", "Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::111122223333:role/Admin"}}, "Action": "kms:*", "Resource": "*"}}{deny}]}},
                "grants": [{{"GrantId": "g1", "GranteePrincipal": "arn:aws:iam::111122223333:role/App", "Operations": ["Decrypt"]}}]}}],
              "cases": [{{"name": "grant", "principal": "{APP}", "action": "kms:Decrypt", "context": {{"custom:n": "abc"}}, "expect": "allowed"}}]}}"#
        )
    };
    let decide_case = |text: &str| {
        let s = load_scenario_str("grant.test.json", text, std::path::Path::new(".")).unwrap();
        let case = &s.cases.as_ref().unwrap()[0];
        check(&s.world, &case.request)
    };
    assert_eq!(decide_case(&scenario("")).decision, Decision::Allowed);
    let r = decide_case(&scenario(
        r#", {"Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": {"NumericLessThan": {"custom:n": "5"}}}"#,
    ));
    assert_eq!(r.decision, Decision::ImplicitDeny);
    assert!(r.grants.is_empty() && !r.errors.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Findings of the reliability work, fixed in src/ and kept as regression tests.
// ---------------------------------------------------------------------------------------------

/// The order of the operator blocks of one `Condition` does not change the decision: entries are
/// ANDed in three-valued logic, so a false entry decides even when another cannot be evaluated,
/// and with no false entry the unevaluable one fails closed wherever it is.
#[test]
fn condition_entry_order_changes_no_decision() {
    let decide_with_condition = |condition: &str| {
        let w = key_world(&doc(&format!(
            r#"{ALLOW_ALL}, {{"Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": {condition}}}"#
        )));
        let r = check(
            &w,
            &app("kms:Decrypt")
                .context("custom:n", "abc")
                .build()
                .unwrap(),
        );
        (r.decision, r.errors.len())
    };
    for condition in [
        r#"{"StringEquals": {"kms:CallerAccount": "999999999999"}, "NumericLessThan": {"custom:n": "5"}}"#,
        r#"{"NumericLessThan": {"custom:n": "5"}, "StringEquals": {"kms:CallerAccount": "999999999999"}}"#,
    ] {
        assert_eq!(
            decide_with_condition(condition),
            (Decision::Allowed, 0),
            "{condition}"
        );
    }
    for condition in [
        r#"{"StringEquals": {"kms:CallerAccount": "111122223333"}, "NumericLessThan": {"custom:n": "5"}}"#,
        r#"{"NumericLessThan": {"custom:n": "5"}, "StringEquals": {"kms:CallerAccount": "111122223333"}}"#,
    ] {
        assert_eq!(
            decide_with_condition(condition),
            (Decision::ImplicitDeny, 1),
            "{condition}"
        );
    }
}

/// The order of the values of one condition key does not change the decision, even when one value
/// is a variable that cannot be resolved unambiguously: a matching value decides, and when none
/// matches the unevaluable one fails closed.
#[test]
fn condition_value_order_changes_no_decision() {
    let decide_with_values = |values: &str, account: &str| {
        let w = key_world(&doc(&format!(
            r#"{{"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": {{"StringEquals": {{"kms:CallerAccount": {values}}}}}}}"#
        )));
        let q = Request::builder()
            .principal(format!("arn:aws:iam::{account}:root"))
            .action("kms:Decrypt")
            .resource(KEY)
            .encryption_context("dept", "x")
            .encryption_context("Dept", "y")
            .build()
            .unwrap();
        check(&w, &q).decision
    };
    for values in [
        r#"["111122223333", "${kms:EncryptionContext:dept}"]"#,
        r#"["${kms:EncryptionContext:dept}", "111122223333"]"#,
    ] {
        assert_eq!(decide_with_values(values, A), Decision::Allowed, "{values}");
        assert_eq!(
            decide_with_values(values, B),
            Decision::ImplicitDeny,
            "{values}"
        );
    }
}

/// An `ArnLike` value that is not a six-component ARN (other than `*`) is refused when the policy
/// is loaded, instead of being matched as a whole string whose `*` would cross colons
/// (`arn:aws:iam::*` would admit every principal). Spec §3.2 (per component) and §12 #5.
#[test]
fn arnlike_value_that_is_not_an_arn_is_refused() {
    let policy = |value: &str| {
        doc(&format!(
            r#"{{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {{"ArnLike": {{"aws:PrincipalArn": "{value}"}}}}}}"#
        ))
    };
    for bad in ["arn:aws:iam::*", "role/App", "arn:aws:iam"] {
        let e = Policy::parse("kp.json", &policy(bad), PolicyKind::Key).unwrap_err();
        assert!(e.to_string().contains("invalid ARN"), "{bad}: {e}");
    }
    // `*` alone still matches every ARN; a pattern matches per component.
    let w = key_world(&policy("*"));
    assert_eq!(
        check(&w, &app("kms:Decrypt").build().unwrap()).decision,
        Decision::Allowed
    );
    let w = key_world(&policy("arn:aws:iam::*:role/*"));
    assert_eq!(
        check(&w, &app("kms:Decrypt").build().unwrap()).decision,
        Decision::Allowed
    );
    let root = Request::builder()
        .principal("arn:aws:iam::111122223333:root")
        .action("kms:Decrypt")
        .resource(KEY)
        .build()
        .unwrap();
    assert_eq!(check(&w, &root).decision, Decision::ImplicitDeny);
}

/// YAML alias expansion is bounded: nested aliases that would multiply a template of under 1 KB
/// into 10^9 strings are refused (KP001) as soon as the expansion outgrows the text, instead of
/// exhausting memory.
#[test]
fn yaml_alias_expansion_is_bounded() {
    let mut lines = vec![format!(
        "Version: \"2012-10-17\"\na0: &a0 [{}]",
        ["\"kms:Decrypt\""; 10].join(",")
    )];
    for i in 1..=8 {
        lines.push(format!(
            "a{i}: &a{i} [{}]",
            vec![format!("*a{}", i - 1); 10].join(",")
        ));
    }
    lines.push("Statement: [{Effect: Allow, Action: *a8, Resource: \"*\"}]".into());
    let report = lint_text("bomb.yaml", &lines.join("\n"), &LintOptions::default());
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.code == "KP001" && f.message.contains("aliases expand")),
        "{:?}",
        report.findings
    );
}
