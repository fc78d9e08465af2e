//! The vocabulary of the evaluator fuzz target and the generated cases.
//!
//! A case is one key (`arn:aws:kms:us-east-1:111122223333:key/k1`, enabled, symmetric, no grants)
//! with a key policy of 1–12 statements, one identity policy of 0–4 statements attached to every
//! listed principal (role `App` and user `alice` in the key's account, role `Ext` in account
//! 444455556666), and a request: one of nine callers (same account, cross account, root users,
//! unlisted principals, a service principal), one of eight actions, an encryption context and a
//! few condition keys — some of them unreadable for the operators that test them, so that
//! evaluation errors are exercised too.
//!
//! Statements draw their principals, actions, resources and conditions from the tables below;
//! condition-key names are written in one of four spellings (canonical, lower, upper, mixed) and
//! `Principal`/`NotPrincipal`, `Action`/`NotAction`, `Resource`/`NotResource` are all used.

use arbitrary::{Result, Unstructured};

/// The key every case is about.
pub const KEY_ARN: &str = "arn:aws:kms:us-east-1:111122223333:key/k1";
/// The key's account.
pub const KEY_ACCOUNT: &str = "111122223333";
/// The other account.
pub const OTHER_ACCOUNT: &str = "444455556666";

/// The IAM users and roles the world lists (they carry the identity policy).
pub const LISTED: &[&str] = &[
    "arn:aws:iam::111122223333:role/App",
    "arn:aws:iam::111122223333:user/alice",
    "arn:aws:iam::444455556666:role/Ext",
];

/// A caller, as the reference sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallerKind {
    /// The account's root user.
    Root,
    /// An IAM user; `listed` when the world knows it (and so its identity policy).
    User { name: &'static str, listed: bool },
    /// A role session (`session` is `None` when the caller was given as the role ARN).
    Role {
        name: &'static str,
        session: Option<&'static str>,
        listed: bool,
    },
    /// An AWS service principal.
    Service(&'static str),
}

/// One caller of the vocabulary.
#[derive(Debug, Clone, Copy)]
pub struct CallerDef {
    /// The principal string given to the request.
    pub text: &'static str,
    /// Its account (`None` for a service principal).
    pub account: Option<&'static str>,
    /// What it is.
    pub kind: CallerKind,
}

/// The callers.
pub const CALLERS: &[CallerDef] = &[
    CallerDef {
        text: "arn:aws:sts::111122223333:assumed-role/App/s1",
        account: Some(KEY_ACCOUNT),
        kind: CallerKind::Role {
            name: "App",
            session: Some("s1"),
            listed: true,
        },
    },
    CallerDef {
        text: "arn:aws:iam::111122223333:user/alice",
        account: Some(KEY_ACCOUNT),
        kind: CallerKind::User {
            name: "alice",
            listed: true,
        },
    },
    CallerDef {
        text: "arn:aws:iam::111122223333:root",
        account: Some(KEY_ACCOUNT),
        kind: CallerKind::Root,
    },
    CallerDef {
        text: "arn:aws:sts::444455556666:assumed-role/Ext/x",
        account: Some(OTHER_ACCOUNT),
        kind: CallerKind::Role {
            name: "Ext",
            session: Some("x"),
            listed: true,
        },
    },
    CallerDef {
        text: "arn:aws:iam::444455556666:root",
        account: Some(OTHER_ACCOUNT),
        kind: CallerKind::Root,
    },
    CallerDef {
        text: "arn:aws:sts::111122223333:assumed-role/Other/s",
        account: Some(KEY_ACCOUNT),
        kind: CallerKind::Role {
            name: "Other",
            session: Some("s"),
            listed: false,
        },
    },
    CallerDef {
        text: "cloudtrail.amazonaws.com",
        account: None,
        kind: CallerKind::Service("cloudtrail.amazonaws.com"),
    },
    CallerDef {
        text: "arn:aws:iam::444455556666:user/bob",
        account: Some(OTHER_ACCOUNT),
        kind: CallerKind::User {
            name: "bob",
            listed: false,
        },
    },
    CallerDef {
        text: "arn:aws:iam::111122223333:role/App",
        account: Some(KEY_ACCOUNT),
        kind: CallerKind::Role {
            name: "App",
            session: None,
            listed: true,
        },
    },
];

/// A requested action: (name, can be used across accounts (§7), takes an encryption context (§6.2)).
pub const ACTIONS: &[(&str, bool, bool)] = &[
    ("kms:Decrypt", true, true),
    ("kms:Encrypt", true, true),
    ("kms:GenerateDataKey", true, true),
    ("kms:ReEncryptFrom", true, true),
    ("kms:DescribeKey", true, false),
    ("kms:ScheduleKeyDeletion", false, false),
    ("kms:PutKeyPolicy", false, false),
    ("kms:GetKeyPolicy", false, false),
];

/// A value of a `Principal` element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrincipalDef {
    /// `{"AWS": "*"}`.
    AnyAws,
    /// An account, written as `text` (the id or the root ARN).
    Account(&'static str, &'static str),
    /// A role ARN (account, name), written as `text`.
    Role(&'static str, &'static str, &'static str),
    /// A user ARN.
    User(&'static str),
    /// A role-session ARN.
    Session(&'static str),
    /// A service principal.
    Service(&'static str),
}

/// The principal values.
pub const PRINCIPALS: &[PrincipalDef] = &[
    PrincipalDef::AnyAws,
    PrincipalDef::Account("111122223333", "111122223333"),
    PrincipalDef::Account("arn:aws:iam::111122223333:root", "111122223333"),
    PrincipalDef::Account("444455556666", "444455556666"),
    PrincipalDef::Account("arn:aws:iam::444455556666:root", "444455556666"),
    PrincipalDef::Role("arn:aws:iam::111122223333:role/App", "111122223333", "App"),
    PrincipalDef::Role(
        "arn:aws:iam::111122223333:role/path/App",
        "111122223333",
        "App",
    ),
    PrincipalDef::Role("arn:aws:iam::444455556666:role/Ext", "444455556666", "Ext"),
    PrincipalDef::Role(
        "arn:aws:iam::111122223333:role/Other",
        "111122223333",
        "Other",
    ),
    PrincipalDef::User("arn:aws:iam::111122223333:user/alice"),
    PrincipalDef::User("arn:aws:iam::444455556666:user/bob"),
    PrincipalDef::Session("arn:aws:sts::111122223333:assumed-role/App/s1"),
    PrincipalDef::Session("arn:aws:sts::111122223333:assumed-role/App/other"),
    PrincipalDef::Service("cloudtrail.amazonaws.com"),
    PrincipalDef::Service("logs.amazonaws.com"),
];

/// Action patterns (matched ignoring case, `*` and `?` wildcards).
pub const ACTION_PATTERNS: &[&str] = &[
    "kms:Decrypt",
    "kms:*",
    "*",
    "kms:De*",
    "kms:*crypt",
    "kms:?ncrypt",
    "KMS:DECRYPT",
    "kms:describekey",
    "kms:Describe*",
    "kms:GenerateDataKey*",
    "s3:*",
    "kms:ScheduleKeyDeletion",
    "kms:Put*",
    "kms:Get*",
    "kms:ReEncrypt*",
    "kms:*Key*",
    "Kms:Encrypt",
];

/// Resource patterns (`*` in a key policy means the key; otherwise ARN matching).
pub const RESOURCES: &[&str] = &[
    "*",
    KEY_ARN,
    "arn:aws:kms:*:111122223333:key/*",
    "arn:aws:kms:us-east-1:111122223333:key/other",
    "arn:aws:kms:us-east-1:444455556666:key/k1",
    "arn:aws:kms:us-east-1:111122223333:alias/x",
    "arn:aws:kms:us-east-?:111122223333:key/k?",
    "arn:aws:kms:us-east-1:111122223333:*",
];

/// One condition entry: operator, canonical key name, policy values.
#[derive(Debug, Clone, Copy)]
pub struct CondDef {
    /// The operator as written.
    pub op: &'static str,
    /// The condition key, canonical spelling.
    pub key: &'static str,
    /// The values.
    pub values: &'static [&'static str],
}

const fn c(op: &'static str, key: &'static str, values: &'static [&'static str]) -> CondDef {
    CondDef { op, key, values }
}

/// The condition entries.
pub const CONDITIONS: &[CondDef] = &[
    c("StringEquals", "kms:EncryptionContext:tenant", &["a"]),
    c("StringEquals", "kms:EncryptionContext:tenant", &["a", "b"]),
    c("StringNotEquals", "kms:EncryptionContext:tenant", &["b"]),
    c(
        "StringEqualsIgnoreCase",
        "kms:EncryptionContext:tenant",
        &["A"],
    ),
    c("StringLike", "kms:EncryptionContext:tenant", &["a*"]),
    c("StringNotLike", "kms:EncryptionContext:tenant", &["?"]),
    c(
        "StringEqualsIfExists",
        "kms:EncryptionContext:tenant",
        &["a"],
    ),
    c("Null", "kms:EncryptionContext:tenant", &["true"]),
    c("Null", "kms:EncryptionContext:tenant", &["false"]),
    c(
        "ForAnyValue:StringEquals",
        "kms:EncryptionContextKeys",
        &["tenant"],
    ),
    c(
        "ForAllValues:StringEquals",
        "kms:EncryptionContextKeys",
        &["tenant", "x"],
    ),
    c(
        "ForAllValues:StringLike",
        "kms:EncryptionContextKeys",
        &["t*"],
    ),
    c("StringEquals", "kms:CallerAccount", &["111122223333"]),
    c("StringNotEquals", "kms:CallerAccount", &["111122223333"]),
    c(
        "ArnLike",
        "aws:PrincipalArn",
        &["arn:aws:iam::111122223333:role/*"],
    ),
    c("ArnNotLike", "aws:PrincipalArn", &["arn:aws:iam::*:root"]),
    c(
        "ArnEquals",
        "aws:PrincipalArn",
        &["arn:aws:iam::111122223333:user/alice"],
    ),
    c("NumericLessThan", "custom:n", &["5"]),
    c("NumericEquals", "custom:n", &["5", "7"]),
    c("NumericGreaterThanEquals", "custom:n", &["5"]),
    c("DateLessThan", "aws:CurrentTime", &["2030-01-01T00:00:00Z"]),
    c(
        "DateGreaterThan",
        "aws:CurrentTime",
        &["2030-01-01T00:00:00Z"],
    ),
    c("IpAddress", "aws:SourceIp", &["10.0.0.0/8"]),
    c(
        "NotIpAddress",
        "aws:SourceIp",
        &["10.0.0.0/8", "192.168.0.1"],
    ),
    c("IpAddress", "aws:SourceIp", &["2001:db8::/32"]),
    c("Bool", "aws:SecureTransport", &["true"]),
    c("BoolIfExists", "aws:SecureTransport", &["false"]),
    c(
        "StringEquals",
        "kms:EncryptionContext:tenant",
        &["${aws:username}"],
    ),
    c(
        "StringNotEquals",
        "kms:EncryptionContext:tenant",
        &["${aws:username}"],
    ),
    c(
        "StringLike",
        "kms:EncryptionContext:tenant",
        &["${aws:username}*"],
    ),
    c(
        "ForAnyValue:StringNotEquals",
        "kms:EncryptionContextKeys",
        &["tenant"],
    ),
    c(
        "StringNotEqualsIfExists",
        "kms:EncryptionContext:tenant",
        &["a"],
    ),
    c("DateLessThanEquals", "aws:CurrentTime", &["1893456000"]),
    c("NumericLessThanIfExists", "custom:n", &["5"]),
    // A variable that cannot be resolved when the request carries `tenant` and `Tenant`, next to a
    // value that may match: the order of the values must not matter.
    c(
        "StringEquals",
        "kms:CallerAccount",
        &["111122223333", "${kms:EncryptionContext:tenant}"],
    ),
    c(
        "StringNotEquals",
        "kms:CallerAccount",
        &["${kms:EncryptionContext:tenant}", "444455556666"],
    ),
];

/// Encryption contexts of the request (including two pairs whose keys differ only by case).
pub const CONTEXTS: &[&[(&str, &str)]] = &[
    &[],
    &[("tenant", "a")],
    &[("tenant", "b")],
    &[("tenant", "A")],
    &[("Tenant", "a")],
    &[("tenant", "a"), ("x", "1")],
    &[("tenant", "a"), ("Tenant", "b")],
    &[("x", "1")],
    &[("tenant", "alice")],
    &[("tenant", "")],
];

/// Request values of `custom:n` (`None`: absent).
pub const NUMBERS: &[Option<&str>] = &[
    None,
    Some("3"),
    Some("5"),
    Some("7"),
    Some("5.0"),
    Some("-2"),
    Some("abc"),
    Some(""),
];
/// Request values of `aws:CurrentTime`.
pub const DATES: &[Option<&str>] = &[
    None,
    Some("2025-01-01T00:00:00Z"),
    Some("2030-01-01T00:00:00Z"),
    Some("2031-06-01T12:00:00Z"),
    Some("1700000000"),
    Some("notadate"),
    Some(""),
];
/// Request values of `aws:SourceIp`.
pub const IPS: &[Option<&str>] = &[
    None,
    Some("10.1.2.3"),
    Some("192.168.0.1"),
    Some("172.16.0.1"),
    Some("2001:db8::1"),
    Some("not-an-ip"),
    Some("10.0.0.0/8"),
];
/// Request values of `aws:SecureTransport`.
pub const BOOLS: &[Option<&str>] = &[
    None,
    Some("true"),
    Some("false"),
    Some("TRUE"),
    Some("maybe"),
];
/// Overrides of `aws:PrincipalArn` (`None`: derived from the caller).
pub const PRINCIPAL_ARNS: &[Option<&str>] = &[None, Some("not-an-arn")];

/// A statement's principal element.
#[derive(Debug, Clone)]
pub struct PrincipalSpec {
    /// `NotPrincipal`.
    pub negated: bool,
    /// `"Principal": "*"` (the values are then unused).
    pub star: bool,
    /// Indexes into [`PRINCIPALS`].
    pub values: Vec<usize>,
}

/// A condition entry of a statement: an index into [`CONDITIONS`] and a spelling of its key.
#[derive(Debug, Clone, Copy)]
pub struct CondUse {
    /// Index into [`CONDITIONS`].
    pub def: usize,
    /// 0 canonical, 1 lower case, 2 upper case, 3 alternating.
    pub spelling: u8,
}

/// A generated statement.
#[derive(Debug, Clone)]
pub struct Stmt {
    /// `Allow` or `Deny`.
    pub allow: bool,
    /// Key policies only.
    pub principal: Option<PrincipalSpec>,
    /// `NotAction`.
    pub not_action: bool,
    /// Indexes into [`ACTION_PATTERNS`].
    pub actions: Vec<usize>,
    /// `NotResource`.
    pub not_resource: bool,
    /// Indexes into [`RESOURCES`].
    pub resources: Vec<usize>,
    /// Condition entries, as generated (see [`Stmt::conditions`] for the written order).
    pub conditions: Vec<CondUse>,
}

/// A generated case.
#[derive(Debug, Clone)]
pub struct Case {
    /// The key policy.
    pub key: Vec<Stmt>,
    /// The identity policy of every listed principal (none when empty).
    pub identity: Vec<Stmt>,
    /// Index into [`CALLERS`].
    pub caller: usize,
    /// Index into [`ACTIONS`].
    pub action: usize,
    /// Index into [`CONTEXTS`].
    pub ec: usize,
    /// Index into [`NUMBERS`].
    pub number: usize,
    /// Index into [`DATES`].
    pub date: usize,
    /// Index into [`IPS`].
    pub ip: usize,
    /// Index into [`BOOLS`].
    pub secure: usize,
    /// Index into [`PRINCIPAL_ARNS`].
    pub principal_arn: usize,
}

fn pick(u: &mut Unstructured<'_>, len: usize) -> Result<usize> {
    u.choose_index(len)
}

fn some<T>(
    u: &mut Unstructured<'_>,
    min: usize,
    max: usize,
    mut f: impl FnMut(&mut Unstructured<'_>) -> Result<T>,
) -> Result<Vec<T>> {
    let n = u.int_in_range(min..=max)?;
    (0..n).map(|_| f(u)).collect()
}

impl Stmt {
    fn generate(u: &mut Unstructured<'_>, key_policy: bool) -> Result<Stmt> {
        let allow = u.ratio(3, 4)?;
        let principal = if key_policy {
            Some(PrincipalSpec {
                negated: u.ratio(1, 8)?,
                star: u.ratio(1, 6)?,
                values: some(u, 1, 3, |u| pick(u, PRINCIPALS.len()))?,
            })
        } else {
            None
        };
        Ok(Stmt {
            allow,
            principal,
            not_action: u.ratio(1, 8)?,
            actions: some(u, 1, 3, |u| pick(u, ACTION_PATTERNS.len()))?,
            not_resource: u.ratio(1, 10)?,
            resources: some(u, 1, 2, |u| pick(u, RESOURCES.len()))?,
            conditions: some(u, 0, 3, |u| {
                Ok(CondUse {
                    def: pick(u, CONDITIONS.len())?,
                    spelling: u.int_in_range(0..=3)?,
                })
            })?,
        })
    }

    /// The condition entries in the order they are written (and evaluated): grouped under their
    /// operator in order of first appearance, a key repeated under one operator (in any
    /// spelling) kept once.
    pub fn conditions(&self) -> Vec<(CondDef, String)> {
        let mut ops: Vec<&'static str> = Vec::new();
        for u in &self.conditions {
            let op = CONDITIONS[u.def].op;
            if !ops.contains(&op) {
                ops.push(op);
            }
        }
        let mut out: Vec<(CondDef, String)> = Vec::new();
        for op in ops {
            for u in &self.conditions {
                let d = CONDITIONS[u.def];
                if d.op != op {
                    continue;
                }
                if out
                    .iter()
                    .any(|(e, _)| e.op == op && e.key.eq_ignore_ascii_case(d.key))
                {
                    continue;
                }
                out.push((d, spell(d.key, u.spelling)));
            }
        }
        out
    }

    fn json(&self, index: usize) -> String {
        let mut parts = vec![
            format!("\"Sid\": \"S{index}\""),
            format!(
                "\"Effect\": \"{}\"",
                if self.allow { "Allow" } else { "Deny" }
            ),
        ];
        if let Some(p) = &self.principal {
            let name = if p.negated {
                "NotPrincipal"
            } else {
                "Principal"
            };
            if p.star {
                parts.push(format!("\"{name}\": \"*\""));
            } else {
                let mut aws = Vec::new();
                let mut service = Vec::new();
                for &v in &p.values {
                    match PRINCIPALS[v] {
                        PrincipalDef::AnyAws => aws.push("*"),
                        PrincipalDef::Account(t, _) | PrincipalDef::Role(t, _, _) => aws.push(t),
                        PrincipalDef::User(t) | PrincipalDef::Session(t) => aws.push(t),
                        PrincipalDef::Service(t) => service.push(t),
                    }
                }
                let mut members = Vec::new();
                if !aws.is_empty() {
                    members.push(format!("\"AWS\": {}", list(&aws)));
                }
                if !service.is_empty() {
                    members.push(format!("\"Service\": {}", list(&service)));
                }
                parts.push(format!("\"{name}\": {{{}}}", members.join(", ")));
            }
        }
        let actions: Vec<&str> = self.actions.iter().map(|&i| ACTION_PATTERNS[i]).collect();
        let name = if self.not_action {
            "NotAction"
        } else {
            "Action"
        };
        parts.push(format!("\"{name}\": {}", list(&actions)));
        let resources: Vec<&str> = self.resources.iter().map(|&i| RESOURCES[i]).collect();
        let name = if self.not_resource {
            "NotResource"
        } else {
            "Resource"
        };
        parts.push(format!("\"{name}\": {}", list(&resources)));
        let conditions = self.conditions();
        if !conditions.is_empty() {
            let mut blocks: Vec<String> = Vec::new();
            let mut current: Option<&str> = None;
            let mut entries: Vec<String> = Vec::new();
            for (d, key) in &conditions {
                if current != Some(d.op) {
                    if let Some(op) = current {
                        blocks.push(format!("\"{op}\": {{{}}}", entries.join(", ")));
                    }
                    current = Some(d.op);
                    entries.clear();
                }
                entries.push(format!("\"{key}\": {}", list(d.values)));
            }
            if let Some(op) = current {
                blocks.push(format!("\"{op}\": {{{}}}", entries.join(", ")));
            }
            parts.push(format!("\"Condition\": {{{}}}", blocks.join(", ")));
        }
        format!("{{{}}}", parts.join(", "))
    }
}

/// A JSON string, or a list of them (a single value is written bare).
fn list(values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
    if quoted.len() == 1 {
        quoted.concat()
    } else {
        format!("[{}]", quoted.join(", "))
    }
}

/// A condition-key name in one of four spellings.
pub fn spell(key: &str, spelling: u8) -> String {
    match spelling {
        1 => key.to_ascii_lowercase(),
        2 => key.to_ascii_uppercase(),
        3 => key
            .chars()
            .enumerate()
            .map(|(i, ch)| {
                if i % 2 == 0 {
                    ch.to_ascii_uppercase()
                } else {
                    ch.to_ascii_lowercase()
                }
            })
            .collect(),
        _ => key.to_string(),
    }
}

/// A policy document with these statements.
pub fn policy_json(stmts: &[Stmt]) -> String {
    let body: Vec<String> = stmts.iter().enumerate().map(|(i, s)| s.json(i)).collect();
    format!(
        "{{\"Version\": \"2012-10-17\", \"Statement\": [{}]}}",
        body.join(", ")
    )
}

impl Case {
    /// Reads a case from fuzzer bytes.
    pub fn generate(u: &mut Unstructured<'_>) -> Result<Case> {
        Ok(Case {
            key: some(u, 1, 12, |u| Stmt::generate(u, true))?,
            identity: some(u, 0, 4, |u| Stmt::generate(u, false))?,
            caller: pick(u, CALLERS.len())?,
            action: pick(u, ACTIONS.len())?,
            ec: pick(u, CONTEXTS.len())?,
            number: pick(u, NUMBERS.len())?,
            date: pick(u, DATES.len())?,
            ip: pick(u, IPS.len())?,
            secure: pick(u, BOOLS.len())?,
            principal_arn: pick(u, PRINCIPAL_ARNS.len())?,
        })
    }
}
