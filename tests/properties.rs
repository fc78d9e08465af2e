//! Property tests of the decision procedure (spec §8): statement order never matters, a matching
//! Deny always wins, an extra identity Allow never removes access, and printing a policy then
//! parsing it gives the same policy.

use kmspolicy::eval::{authorize_with, decide_with, Options};
use kmspolicy::world::{Key, KeyArn, KeyMetadata, Principal, PrincipalKind, World};
use kmspolicy::{authorize, Decision, Policy, PolicyKind, Request};
use proptest::prelude::*;

const KEY: &str = "arn:aws:kms:us-east-1:111122223333:key/k1";

const PRINCIPALS: &[&str] = &[
    r#""*""#,
    r#"{"AWS": "111122223333"}"#,
    r#"{"AWS": "arn:aws:iam::111122223333:root"}"#,
    r#"{"AWS": "arn:aws:iam::111122223333:role/App"}"#,
    r#"{"AWS": "arn:aws:iam::111122223333:user/alice"}"#,
    r#"{"AWS": "arn:aws:iam::444455556666:root"}"#,
    r#"{"AWS": ["arn:aws:iam::111122223333:role/App", "arn:aws:iam::444455556666:role/Ext"]}"#,
    r#"{"AWS": "arn:aws:sts::111122223333:assumed-role/App/s1"}"#,
    r#"{"Service": "cloudtrail.amazonaws.com"}"#,
];

const ACTIONS: &[&str] = &[
    r#""Action": "kms:Decrypt""#,
    r#""Action": "kms:*""#,
    r#""Action": ["kms:Encrypt", "kms:Decrypt"]"#,
    r#""Action": "kms:De*""#,
    r#""Action": "*""#,
    r#""NotAction": "kms:Decrypt""#,
    r#""Action": "KMS:describekey""#,
];

const RESOURCES: &[&str] = &[
    r#""Resource": "*""#,
    r#""Resource": "arn:aws:kms:us-east-1:111122223333:key/k1""#,
    r#""Resource": "arn:aws:kms:*:111122223333:key/*""#,
    r#""Resource": "arn:aws:kms:us-east-1:111122223333:key/other""#,
    r#""NotResource": "arn:aws:kms:us-east-1:111122223333:key/other""#,
];

const CONDITIONS: &[&str] = &[
    "",
    r#", "Condition": {"StringEquals": {"kms:EncryptionContext:tenant": "a"}}"#,
    r#", "Condition": {"StringNotEquals": {"kms:EncryptionContext:tenant": ["b", "c"]}}"#,
    r#", "Condition": {"ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["tenant"]}}"#,
    r#", "Condition": {"ForAnyValue:StringLike": {"kms:EncryptionContextKeys": ["ten*"]}}"#,
    r#", "Condition": {"Null": {"kms:EncryptionContext:tenant": "false"}}"#,
    r#", "Condition": {"StringEqualsIfExists": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}"#,
    r#", "Condition": {"Bool": {"aws:SecureTransport": "true"}}"#,
    r#", "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/*"}}"#,
    r#", "Condition": {"StringEquals": {"kms:CallerAccount": "111122223333"}}"#,
    r#", "Condition": {"NumericLessThan": {"custom:n": "5"}, "StringLike": {"aws:PrincipalArn": "*"}}"#,
    r#", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "${aws:PrincipalTag/team}"}}"#,
];

#[derive(Debug, Clone)]
struct Stmt {
    allow: bool,
    principal: usize,
    action: usize,
    resource: usize,
    condition: usize,
}

impl Stmt {
    fn json(&self, sid: usize, with_principal: bool) -> String {
        let principal = if with_principal {
            format!(r#""Principal": {}, "#, PRINCIPALS[self.principal])
        } else {
            String::new()
        };
        format!(
            r#"{{"Sid": "S{sid}", "Effect": "{}", {principal}{}, {}{}}}"#,
            if self.allow { "Allow" } else { "Deny" },
            ACTIONS[self.action],
            RESOURCES[self.resource],
            CONDITIONS[self.condition]
        )
    }
}

fn stmt() -> impl Strategy<Value = Stmt> {
    (
        prop::bool::weighted(0.75),
        0..PRINCIPALS.len(),
        0..ACTIONS.len(),
        0..RESOURCES.len(),
        0..CONDITIONS.len(),
    )
        .prop_map(|(allow, principal, action, resource, condition)| Stmt {
            allow,
            principal,
            action,
            resource,
            condition,
        })
}

fn policy_text(stmts: &[Stmt], with_principal: bool) -> String {
    let body: Vec<String> = stmts
        .iter()
        .enumerate()
        .map(|(i, s)| s.json(i, with_principal))
        .collect();
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
        body.join(", ")
    )
}

#[derive(Debug, Clone)]
struct Setup {
    key: Vec<Stmt>,
    identity: Vec<Stmt>,
    boundary: Option<Vec<Stmt>>,
}

fn setup() -> impl Strategy<Value = Setup> {
    (
        prop::collection::vec(stmt(), 1..6),
        prop::collection::vec(stmt(), 0..4),
        prop::option::weighted(0.2, prop::collection::vec(stmt(), 1..3)),
    )
        .prop_map(|(key, identity, boundary)| Setup {
            key,
            identity,
            boundary,
        })
}

const CALLERS: &[&str] = &[
    "arn:aws:sts::111122223333:assumed-role/App/s1",
    "arn:aws:iam::111122223333:user/alice",
    "arn:aws:iam::111122223333:root",
    "arn:aws:sts::444455556666:assumed-role/Ext/x",
    "cloudtrail.amazonaws.com",
];

const REQUEST_ACTIONS: &[&str] = &[
    "kms:Decrypt",
    "kms:Encrypt",
    "kms:DescribeKey",
    "kms:ScheduleKeyDeletion",
];

#[derive(Debug, Clone)]
struct Req {
    caller: usize,
    action: usize,
    tenant: Option<&'static str>,
    extra_pair: bool,
    n: Option<u8>,
}

fn req() -> impl Strategy<Value = Req> {
    (
        0..CALLERS.len(),
        0..REQUEST_ACTIONS.len(),
        prop::option::of(prop::sample::select(vec!["a", "b", "A"])),
        any::<bool>(),
        prop::option::of(0u8..10),
    )
        .prop_map(|(caller, action, tenant, extra_pair, n)| Req {
            caller,
            action,
            tenant,
            extra_pair,
            n,
        })
}

fn parse(text: &str, kind: PolicyKind) -> Policy {
    Policy::parse("generated.json", text, kind).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn world(s: &Setup) -> World {
    let mut w = World::new();
    let arn = KeyArn::parse(KEY).unwrap();
    w.add_key(Key {
        metadata: KeyMetadata::default_for(&arn.key_id),
        arn,
        policy: parse(&policy_text(&s.key, true), PolicyKind::Key),
        aliases: vec![],
        tags: vec![],
        grants: vec![],
    });
    let identity = parse(&policy_text(&s.identity, false), PolicyKind::Identity);
    let boundary = s
        .boundary
        .as_ref()
        .map(|b| parse(&policy_text(b, false), PolicyKind::Boundary));
    for (arn, kind, account, name) in [
        (
            "arn:aws:iam::111122223333:role/App",
            PrincipalKind::Role,
            "111122223333",
            "App",
        ),
        (
            "arn:aws:iam::111122223333:user/alice",
            PrincipalKind::User,
            "111122223333",
            "alice",
        ),
        (
            "arn:aws:iam::444455556666:role/Ext",
            PrincipalKind::Role,
            "444455556666",
            "Ext",
        ),
    ] {
        w.add_principal(Principal {
            arn: arn.into(),
            kind,
            account: account.into(),
            name: name.into(),
            policies: vec![identity.clone()],
            boundary: boundary.clone(),
            tags: vec![("team".into(), "pay".into())],
            unique_id: None,
            service_linked: false,
        });
    }
    w
}

fn request(r: &Req) -> Request<'_> {
    let mut b = Request::builder()
        .principal(CALLERS[r.caller])
        .action(REQUEST_ACTIONS[r.action])
        .resource(KEY);
    if let Some(t) = r.tenant {
        b = b.encryption_context("tenant", t);
    }
    if r.extra_pair {
        b = b.encryption_context("x", "1");
    }
    if let Some(n) = r.n {
        b = b.context("custom:n", n.to_string());
    }
    b.build().unwrap()
}

fn decide(s: &Setup, r: &Req) -> Decision {
    authorize(&world(s), &request(r))
        .expect("decidable")
        .decision
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// §8 / style #8: the order of statements never changes a decision.
    #[test]
    fn statement_order_never_matters(s in setup(), r in req(), rot in 0usize..6) {
        let before = decide(&s, &r);
        let mut t = s.clone();
        t.key.reverse();
        let k = t.key.len();
        t.key.rotate_left(rot % k);
        t.identity.reverse();
        prop_assert_eq!(before, decide(&t, &r));
    }

    /// §8.5: a Deny that matches the request always wins, in the key policy or an identity policy.
    #[test]
    fn a_matching_deny_always_wins(s in setup(), r in req(), in_identity in any::<bool>()) {
        let deny = Stmt { allow: false, principal: 0, action: 1, resource: 0, condition: 0 };
        let mut t = s.clone();
        let caller_has_identity = r.caller <= 1 || r.caller == 3;
        if in_identity && caller_has_identity {
            t.identity.push(deny);
        } else {
            t.key.push(deny);
        }
        prop_assert_eq!(decide(&t, &r), Decision::ExplicitDeny);
    }

    /// Adding any Deny statement (with any condition) never turns a denial into `allowed`.
    #[test]
    fn adding_a_deny_never_allows(s in setup(), r in req(), d in stmt(), in_identity in any::<bool>()) {
        let before = decide(&s, &r);
        let mut t = s.clone();
        let deny = Stmt { allow: false, ..d };
        if in_identity { t.identity.push(deny) } else { t.key.push(deny) }
        let after = decide(&t, &r);
        prop_assert!(after != Decision::Allowed || before == Decision::Allowed);
    }

    /// Adding an Allow statement to an identity policy never turns `allowed` into a deny.
    #[test]
    fn adding_an_identity_allow_never_denies(s in setup(), r in req(), a in stmt()) {
        let before = decide(&s, &r);
        let mut t = s.clone();
        t.identity.push(Stmt { allow: true, ..a });
        if before == Decision::Allowed {
            prop_assert_eq!(decide(&t, &r), Decision::Allowed);
        }
    }

    /// The principal index only narrows: with and without it, and with and without the
    /// explanation, every decision is the same (policies of 8+ statements are indexed).
    #[test]
    fn indexed_and_linear_paths_agree(
        key in prop::collection::vec(stmt(), 8..24),
        identity in prop::collection::vec(stmt(), 0..3),
        r in req(),
    ) {
        let s = Setup { key, identity, boundary: None };
        let w = world(&s);
        let q = request(&r);
        let linear = Options { use_index: false };
        let indexed = Options { use_index: true };
        let a = decide_with(&w, &q, indexed).expect("decidable");
        let b = decide_with(&w, &q, linear).expect("decidable");
        prop_assert_eq!(a, b);
        let full_indexed = authorize_with(&w, &q, indexed).expect("decidable");
        let full_linear = authorize_with(&w, &q, linear).expect("decidable");
        prop_assert_eq!(full_indexed.decision, a.decision);
        prop_assert_eq!(full_indexed.error_code.as_str(), a.error_code);
        prop_assert_eq!(full_indexed, full_linear);
    }

    /// §1: parse → print → parse is the identity, for key and identity policies.
    #[test]
    fn print_then_parse_is_identity(s in setup(), single in any::<bool>()) {
        let mut text = policy_text(&s.key, true);
        if single && s.key.len() == 1 {
            text = format!(r#"{{"Version": "2012-10-17", "Statement": {}}}"#, s.key[0].json(0, true));
        }
        let p = parse(&text, PolicyKind::Key);
        let printed = p.to_json();
        let q = parse(&printed, PolicyKind::Key);
        prop_assert_eq!(&p, &q);
        prop_assert_eq!(printed, q.to_json());
        let id = parse(&policy_text(&s.identity, false), PolicyKind::Identity);
        prop_assert_eq!(&id, &parse(&id.to_json(), PolicyKind::Identity));
    }
}
