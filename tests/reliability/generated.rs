//! Property tests over generated worlds: the vocabulary of generated policies and requests, and
//! the properties (deny monotonicity, guardrails, order and case invariance, unevaluable conditions).

use super::*;

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
pub(super) struct Stmt {
    pub(super) allow: bool,
    pub(super) star: bool,
    pub(super) principals: Vec<usize>,
    pub(super) not_action: bool,
    pub(super) actions: Vec<usize>,
    pub(super) not_resource: bool,
    pub(super) resources: Vec<usize>,
    pub(super) conditions: Vec<usize>,
    /// An extra condition from [`RAW`], written first.
    pub(super) raw: Option<usize>,
}

pub(super) fn stmt() -> impl Strategy<Value = Stmt> {
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

pub(super) fn stmts(max: usize) -> impl Strategy<Value = Vec<Stmt>> {
    prop::collection::vec(stmt(), 1..max)
}

/// How a policy is written: the variations the invariance properties compare.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Style {
    /// Sids `Renamed{i}x` instead of `S{i}` (and none at all on odd statements).
    pub(super) rename_sids: bool,
    /// Statements, actions, principals, resources, condition entries and condition values in
    /// reverse order.
    pub(super) reverse: bool,
    /// Action names and condition-key names in upper (1), lower (2) or alternating (3) case.
    pub(super) case: u8,
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

pub(super) fn policy(stmts: &[Stmt], kind: PolicyKind, style: Style) -> Policy {
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
pub(super) struct Setup {
    pub(super) key: Vec<Stmt>,
    pub(super) identity: Vec<Stmt>,
    pub(super) boundary: Option<Vec<Stmt>>,
    pub(super) scp: Option<Vec<Vec<Stmt>>>,
    pub(super) rcp: Option<Vec<Stmt>>,
    pub(super) session: Option<Vec<Stmt>>,
    pub(super) vpce: Option<Vec<Stmt>>,
}

pub(super) fn setup() -> impl Strategy<Value = Setup> {
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
pub(super) struct Req {
    pub(super) caller: usize,
    pub(super) action: usize,
    pub(super) tenant: Option<&'static str>,
    /// A second encryption-context pair: `x`, or `Tenant` (ambiguous next to `tenant`).
    pub(super) extra_pair: Option<&'static str>,
    pub(super) n: Option<&'static str>,
    pub(super) time: Option<&'static str>,
    pub(super) ip: Option<&'static str>,
    pub(super) via: bool,
    /// The request value of `custom:e` (an index into [`RAW`]).
    pub(super) bad: Option<usize>,
}

pub(super) fn req() -> impl Strategy<Value = Req> {
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

pub(super) fn world(s: &Setup, style: Style) -> World {
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

pub(super) fn request(s: &Setup, r: &Req, style: Style) -> Request<'static> {
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

pub(super) fn full(s: &Setup, r: &Req, style: Style) -> Response {
    let w = world(s, style);
    let q = request(s, r, style);
    let response = authorize(&w, &q).expect("decidable");
    // The fast path and the linear scan always agree with the explanation.
    assert_eq!(decide(&w, &q).unwrap().decision, response.decision);
    let linear = decide_with(&w, &q, Options { use_index: false }).unwrap();
    assert_eq!(linear.decision, response.decision);
    response
}

pub(super) fn decision(s: &Setup, r: &Req) -> Decision {
    full(s, r, Style::default()).decision
}

/// Every place a statement can be added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    Key,
    Identity,
    Boundary,
    Scp(usize),
    Rcp,
    Session,
    Vpce,
}

pub(super) fn place() -> impl Strategy<Value = Place> {
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
pub(super) fn with(s: &Setup, place: Place, extra: Stmt) -> Setup {
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
pub(super) fn deny_all() -> Stmt {
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

/// Adding `what` to a request's policies gave no more access: the decision `after` allows only
/// when `before` did, and an explicit deny stays one.
fn no_more_access(before: Decision, after: Decision, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        after != Decision::Allowed || before == Decision::Allowed,
        "{what} turned {before} into {after}"
    );
    if before == Decision::ExplicitDeny {
        prop_assert_eq!(after, Decision::ExplicitDeny, "{}", what);
    }
    Ok(())
}

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
        no_more_access(before, after, &format!("a Deny in {at:?}"))?;
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
        no_more_access(without, with_guardrails, "the guardrails")?;
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
