//! Lowering: spanned JSON → policy AST, with every problem reported at its place.
//!
//! This is where AWS's grammar is enforced (element names, types, exclusive pairs, operator names,
//! principal syntax, value types). Everything that could make a policy mean something other than
//! what it says is an error here, never silently ignored: unknown members, duplicate members,
//! values that cannot be parsed for their operator.
//!
//! Lowering reads the JSON tree by reference and is generic over how the tree holds its text
//! ([`json::Text`]): a policy read on its own borrows its strings from the document
//! ([`json::parse_borrowed`]), so only what the AST keeps is copied; a policy inline in a scenario
//! file comes from that file's owned tree.

use std::fmt;
use std::sync::Arc;

use super::condition::{Compiled, Family, RawValue};
use super::principal::{parse_aws, parse_service};
use super::*;
use crate::error::{did_you_mean, Diagnostic, Diagnostics, Error};
use crate::json::{self, Member, Node, Value};
use crate::values::{parse_bool, parse_cidr, parse_date, parse_number, split_arn};

/// Reads and lowers a whole policy document.
pub(crate) fn parse_policy(source: Arc<Source>, kind: PolicyKind) -> Result<Policy, Error> {
    let node = json::parse_borrowed(source.text(), json::Limits::default()).map_err(|e| {
        Error::new(
            syntax_error(&source, e)
                .into_diagnostics()
                .into_iter()
                .map(|d| d.with_code("KP001"))
                .collect(),
        )
    })?;
    lower_policy(&source, &node, kind)
}

/// Turns a JSON syntax error into an [`Error`] at its place.
pub(crate) fn syntax_error(source: &Arc<Source>, e: json::SyntaxError) -> Error {
    Error::single(Diagnostic::at(source, e.span, e.message).with_help_opt(e.help))
}

/// Reports duplicate and unknown members of an object and returns, for each allowed name, the
/// first member with that name.
pub(crate) fn fields<'n, S: AsRef<str>, const N: usize>(
    source: &Arc<Source>,
    diags: &mut Diagnostics,
    members: &'n [Member<S>],
    allowed: [&str; N],
    context: &str,
) -> [Option<&'n Member<S>>; N] {
    fields_coded(source, diags, members, allowed, context, None)
}

/// [`fields`] for policy elements: diagnostics are tagged with the lint rules for a duplicate
/// member and an unknown member (`codes`). `context` names the object in messages; it is
/// formatted only when there is something to report.
fn fields_coded<'n, S: AsRef<str>, const N: usize>(
    source: &Arc<Source>,
    diags: &mut Diagnostics,
    members: &'n [Member<S>],
    allowed: [&str; N],
    context: &(impl fmt::Display + ?Sized),
    codes: Option<(&'static str, &'static str)>,
) -> [Option<&'n Member<S>>; N] {
    let tag = |d: Diagnostic, code: Option<&'static str>| match code {
        Some(c) => d.with_code(c),
        None => d,
    };
    let mut found: [Option<&'n Member<S>>; N] = [None; N];
    for m in members {
        let key = m.key.as_ref();
        match allowed.iter().position(|a| *a == key) {
            Some(i) => match found.get_mut(i) {
                Some(slot @ None) => *slot = Some(m),
                _ => diags.push(tag(
                    Diagnostic::at(source, m.key_span, format!("duplicate member `{key}` in {context}"))
                        .with_help("JSON readers keep only one of them, so a constraint would silently disappear; merge them into one"),
                    codes.map(|c| c.0),
                )),
            },
            None => diags.push(tag(
                Diagnostic::at(source, m.key_span, format!("unknown member `{key}` in {context}"))
                    .with_help_opt(did_you_mean(key, allowed.iter().copied())),
                codes.map(|c| c.1),
            )),
        }
    }
    found
}

/// Lowers a policy document that has already been read as JSON.
pub(crate) fn lower_policy<S: AsRef<str>>(
    source: &Arc<Source>,
    node: &Node<S>,
    kind: PolicyKind,
) -> Result<Policy, Error> {
    let mut l = Lower {
        src: source,
        actions: Default::default(),
        diags: Diagnostics::default(),
        kind,
        version: Version::V2008,
    };
    let mut policy = l.policy(node);
    if kind.has_principals() && policy.statements.len() >= index::INDEX_MIN_STATEMENTS {
        policy.index = Some(index::PrincipalIndex::build(&policy.statements));
    }
    l.diags.finish(policy)
}

/// Classifies one principal value; `Err` holds a message and a help.
type PrincipalParser = fn(&str) -> Result<PrincipalValue, (String, Option<String>)>;

struct Lower<'a> {
    src: &'a Arc<Source>,
    /// Compiled action patterns by their text, shared within the policy.
    actions: crate::hash::FastMap<Arc<str>, (Arc<Glob>, ActionSet)>,
    diags: Diagnostics,
    kind: PolicyKind,
    version: Version,
}

/// Names a statement in messages (`statement 3`); formatted only when a message needs it.
#[derive(Debug, Clone, Copy)]
struct StatementName(usize);

impl fmt::Display for StatementName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "statement {}", self.0)
    }
}

fn kind_name(kind: PolicyKind) -> &'static str {
    match kind {
        PolicyKind::Key => "a key policy",
        PolicyKind::Identity => "an identity policy",
        PolicyKind::Boundary => "a permissions boundary",
        PolicyKind::Session => "a session policy",
        PolicyKind::Scp => "a service control policy",
        PolicyKind::Rcp => "a resource control policy",
        PolicyKind::VpcEndpoint => "a VPC endpoint policy",
    }
}

impl Lower<'_> {
    /// Reports a problem tagged with the lint rule (`KP0xx`) it corresponds to.
    fn error(&mut self, code: &'static str, span: Span, message: impl Into<String>) {
        self.diags
            .push(Diagnostic::at(self.src, span, message).with_code(code));
    }

    fn error_help(
        &mut self,
        code: &'static str,
        span: Span,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        self.diags.push(
            Diagnostic::at(self.src, span, message)
                .with_help_opt(help)
                .with_code(code),
        );
    }

    fn string<'n, S: AsRef<str>>(&mut self, node: &'n Node<S>, what: &str) -> Option<&'n str> {
        match &node.value {
            Value::String(s) => Some(s.as_ref()),
            other => {
                self.error(
                    "KP008",
                    node.span,
                    format!("`{what}` must be a string, found {}", other.type_name()),
                );
                None
            }
        }
    }

    fn policy<S: AsRef<str>>(&mut self, node: &Node<S>) -> Policy {
        let mut policy = Policy {
            source: self.src.clone(),
            label: None,
            kind: self.kind,
            version: None,
            id: None,
            statements: Vec::new(),
            statement_array: true,
            index: None,
        };
        let Value::Object(members) = &node.value else {
            self.error(
                "KP008",
                node.span,
                format!(
                    "a policy must be a JSON object, found {}",
                    node.value.type_name()
                ),
            );
            return policy;
        };
        let [version, id, statement] = fields_coded(
            self.src,
            &mut self.diags,
            members,
            ["Version", "Id", "Statement"],
            "the policy",
            Some(("KP002", "KP007")),
        );
        if let Some(m) = version {
            match self.string(&m.value, "Version") {
                Some("2012-10-17") => policy.version = Some(Version::V2012),
                Some("2008-10-17") => policy.version = Some(Version::V2008),
                Some(other) => self.error_help(
                    "KP004",
                    m.value.span,
                    format!("invalid policy version `{other}`"),
                    Some("use `2012-10-17`".into()),
                ),
                None => {}
            }
        }
        self.version = policy.effective_version();
        if let Some(m) = id {
            policy.id = self.string(&m.value, "Id").map(str::to_string);
        }
        let Some(statement) = statement else {
            self.error("KP005", node.span, "the policy has no `Statement`");
            return policy;
        };
        match &statement.value.value {
            Value::Array(items) => {
                if items.is_empty() && self.kind == PolicyKind::Key {
                    self.error(
                        "KP005",
                        statement.value.span,
                        "a key policy needs at least one statement",
                    );
                }
                policy.statements.reserve_exact(items.len());
                for item in items {
                    let index = policy.statements.len();
                    if let Some(s) = self.statement(item, index) {
                        policy.statements.push(s);
                    }
                }
            }
            Value::Object(_) => {
                policy.statement_array = false;
                if let Some(s) = self.statement(&statement.value, 0) {
                    policy.statements.push(s);
                }
            }
            other => self.error(
                "KP008",
                statement.value.span,
                format!(
                    "`Statement` must be an object or an array of objects, found {}",
                    other.type_name()
                ),
            ),
        }
        policy
    }

    fn statement<S: AsRef<str>>(&mut self, node: &Node<S>, index: usize) -> Option<Statement> {
        let Value::Object(members) = &node.value else {
            self.error(
                "KP008",
                node.span,
                format!(
                    "a statement must be a JSON object, found {}",
                    node.value.type_name()
                ),
            );
            return None;
        };
        let context = StatementName(index);
        let [sid, effect, principal, not_principal, action, not_action, resource, not_resource, condition] =
            fields_coded(
                self.src,
                &mut self.diags,
                members,
                [
                    "Sid",
                    "Effect",
                    "Principal",
                    "NotPrincipal",
                    "Action",
                    "NotAction",
                    "Resource",
                    "NotResource",
                    "Condition",
                ],
                &context,
                Some(("KP002", "KP007")),
            );
        let sid = sid.and_then(|m| self.string(&m.value, "Sid").map(str::to_string));
        let effect = match effect {
            None => {
                self.error("KP005", node.span, format!("{context} has no `Effect`"));
                Effect::Deny
            }
            Some(m) => match self.string(&m.value, "Effect") {
                Some("Allow") => Effect::Allow,
                Some("Deny") => Effect::Deny,
                Some(other) => {
                    let help = did_you_mean(other, ["Allow", "Deny"]);
                    self.error_help(
                        "KP006",
                        m.value.span,
                        format!("invalid `Effect` `{other}`: expected `Allow` or `Deny`"),
                        help,
                    );
                    Effect::Deny
                }
                None => Effect::Deny,
            },
        };
        let principal = self.principal_element(node, context, principal, not_principal);
        let action = self.pair(
            node,
            context,
            action,
            not_action,
            "Action",
            "NotAction",
            Self::action_pattern,
        );
        let resource = self.pair(
            node,
            context,
            resource,
            not_resource,
            "Resource",
            "NotResource",
            Self::resource_pattern,
        );
        let conditions = condition.map(|m| self.conditions(&m.value));
        Some(Statement {
            index,
            sid,
            effect,
            principal,
            action: action.map(|(negated, patterns, span)| ActionElement {
                negated,
                kms: patterns
                    .items
                    .iter()
                    .fold(ActionSet::default(), |set, p| set.union(p.kms)),
                patterns,
                span,
            }),
            resource: resource.map(|(negated, patterns, span)| ResourceElement {
                negated,
                patterns,
                span,
            }),
            conditions,
            span: node.span,
        })
    }

    /// The member of an exclusive pair (`Action`/`NotAction`, …) and whether it is the negated
    /// one; both present is an error (the positive one is kept), neither gives `None`.
    fn one_of<'m, S>(
        &mut self,
        context: StatementName,
        positive: Option<&'m Member<S>>,
        negative: Option<&'m Member<S>>,
        name: &str,
        not_name: &str,
    ) -> Option<(&'m Member<S>, bool)> {
        match (positive, negative) {
            (Some(p), Some(n)) => {
                self.error(
                    "KP009",
                    n.key_span,
                    format!("{context} has both `{name}` and `{not_name}`; use only one"),
                );
                Some((p, false))
            }
            (Some(p), None) => Some((p, false)),
            (None, Some(n)) => Some((n, true)),
            (None, None) => None,
        }
    }

    /// `Action`/`NotAction` or `Resource`/`NotResource`: exactly one of the pair.
    #[allow(clippy::too_many_arguments, reason = "one call site per element pair")]
    fn pair<T, S: AsRef<str>>(
        &mut self,
        stmt: &Node<S>,
        context: StatementName,
        positive: Option<&Member<S>>,
        negative: Option<&Member<S>>,
        name: &str,
        not_name: &str,
        item: fn(&mut Self, &str, Span) -> Option<T>,
    ) -> Option<(bool, OneOrMany<T>, Span)> {
        let Some((member, negated)) = self.one_of(context, positive, negative, name, not_name)
        else {
            // KMS accepts a key-policy statement without Action or Resource; it matches
            // nothing (API_PutKeyPolicy). Everywhere else the element is required.
            if self.kind != PolicyKind::Key {
                self.error(
                    "KP005",
                    stmt.span,
                    format!("{context} has neither `{name}` nor `{not_name}`"),
                );
            }
            return None;
        };
        let element = if negated { not_name } else { name };
        let list = self.string_list(&member.value, element, item)?;
        Some((negated, list, member.value.span))
    }

    fn string_list<T, S: AsRef<str>>(
        &mut self,
        node: &Node<S>,
        element: &str,
        item: fn(&mut Self, &str, Span) -> Option<T>,
    ) -> Option<OneOrMany<T>> {
        match &node.value {
            Value::String(s) => item(self, s.as_ref(), node.span).map(|v| OneOrMany {
                items: vec![v],
                array: false,
            }),
            Value::Array(values) => {
                let mut items = Vec::with_capacity(values.len());
                for v in values {
                    match &v.value {
                        Value::String(s) => {
                            if let Some(x) = item(self, s.as_ref(), v.span) {
                                items.push(x);
                            }
                        }
                        other => self.error(
                            "KP008",
                            v.span,
                            format!(
                                "`{element}` values must be strings, found {}",
                                other.type_name()
                            ),
                        ),
                    }
                }
                Some(OneOrMany { items, array: true })
            }
            other => {
                self.error(
                    "KP008",
                    node.span,
                    format!(
                        "`{element}` must be a string or an array of strings, found {}",
                        other.type_name()
                    ),
                );
                None
            }
        }
    }

    /// Compiles one action pattern. Patterns are cached by their text, and only valid ones are
    /// cached, so a repeated pattern is neither checked nor compiled again.
    fn action_pattern(&mut self, text: &str, span: Span) -> Option<ActionPattern> {
        // Large policies repeat the same actions: equal patterns share their text and matcher.
        let (text, matcher, kms) = match self.actions.get_key_value(text) {
            Some((t, (g, kms))) => (t.clone(), g.clone(), *kms),
            None => {
                if !self.check_action(text, span) {
                    return None;
                }
                let g = Arc::new(Glob::new(&text.to_ascii_lowercase(), false));
                let kms = ActionSet::of_pattern(text, |name| g.is_match(name));
                let text: Arc<str> = Arc::from(text);
                self.actions.insert(text.clone(), (g.clone(), kms));
                (text, g, kms)
            }
        };
        Some(ActionPattern {
            text,
            matcher,
            kms,
            span,
        })
    }

    /// Whether `text` is a well-formed action (`*` or `service:Action`); reports it if not.
    fn check_action(&mut self, text: &str, span: Span) -> bool {
        if text == "*" {
            return true;
        }
        match text.split_once(':') {
            Some((service, name)) => {
                if service.is_empty()
                    || !service
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                {
                    self.error_help("KP012", 
                        span,
                        format!("invalid service prefix in action `{text}`"),
                        Some("wildcards are not allowed in the service prefix; write `service:Action` such as `kms:Decrypt`".into()),
                    );
                    false
                } else if name.is_empty()
                    || name.contains(':')
                    || name.chars().any(char::is_whitespace)
                {
                    let code = if text.contains("${") {
                        "KP026"
                    } else {
                        "KP010"
                    };
                    self.error(code, span, format!("invalid action `{text}`"));
                    false
                } else {
                    true
                }
            }
            None => {
                self.error_help(
                    "KP010",
                    span,
                    format!("invalid action `{text}`"),
                    Some("write `service:Action`, such as `kms:Decrypt`".into()),
                );
                false
            }
        }
    }

    fn resource_pattern(&mut self, text: &str, span: Span) -> Option<ResourcePattern> {
        if text == "*" {
            return Some(ResourcePattern {
                text: text.to_string(),
                matcher: ResourceMatcher::Any,
                span,
            });
        }
        let Some(parts) = split_arn(text) else {
            self.error_help(
                "KP013",
                span,
                format!("invalid resource `{text}`: expected `*` or an ARN"),
                Some("a KMS key is written `arn:aws:kms:REGION:ACCOUNT:key/KEY-ID`".into()),
            );
            return None;
        };
        let [a, partition, service, region, account, resource] = parts;
        let variables = self.version == Version::V2012;
        if variables
            && [a, partition, service, region, account]
                .iter()
                .any(|c| c.contains("${"))
        {
            self.error(
                "KP026",
                span,
                format!(
                    "policy variables are allowed only in the resource part of an ARN: `{text}`"
                ),
            );
            return None;
        }
        if service.contains(['*', '?']) {
            self.error(
                "KP013",
                span,
                format!("wildcards are not allowed in the service of an ARN: `{text}`"),
            );
            return None;
        }
        let head = Box::new([a, partition, service, region, account].map(|c| Glob::new(c, true)));
        let resource = if variables && resource.contains("${") {
            match Template::parse(resource) {
                Ok(t) if t.has_vars() => ArnResource::Template(t),
                Ok(t) => ArnResource::Glob(glob_from_template(&t)),
                Err(msg) => {
                    self.error("KP026", span, msg);
                    return None;
                }
            }
        } else {
            ArnResource::Glob(Glob::new(resource, false))
        };
        Some(ResourcePattern {
            text: text.to_string(),
            matcher: ResourceMatcher::Arn { head, resource },
            span,
        })
    }

    fn principal_element<S: AsRef<str>>(
        &mut self,
        stmt: &Node<S>,
        context: StatementName,
        principal: Option<&Member<S>>,
        not_principal: Option<&Member<S>>,
    ) -> Option<PrincipalElement> {
        let Some((member, negated)) = self.one_of(
            context,
            principal,
            not_principal,
            "Principal",
            "NotPrincipal",
        ) else {
            if self.kind.has_principals() {
                self.error(
                    "KP005",
                    stmt.span,
                    format!(
                        "{context} names no principal; every statement of {} needs `Principal`",
                        kind_name(self.kind)
                    ),
                );
            }
            return None;
        };
        if !self.kind.has_principals() {
            self.error_help("KP021", 
                member.key_span,
                format!("`{}` is not allowed in {}", member.key.as_ref(), kind_name(self.kind)),
                Some("identity-side policies apply to the principal they are attached to; remove the element".into()),
            );
            return None;
        }
        let span = member.value.span;
        let mut element = PrincipalElement {
            negated,
            star: false,
            entries: Vec::new(),
            span,
        };
        match &member.value.value {
            Value::String(s) if s.as_ref() == "*" => element.star = true,
            Value::String(s) => self.error_help("KP022", 
                span,
                format!("invalid principal `{}`", s.as_ref()),
                Some("write `\"*\"` or an object such as `{\"AWS\": \"arn:aws:iam::111122223333:root\"}`".into()),
            ),
            Value::Object(members) => {
                let [aws, service, federated, canonical] = fields_coded(
                    self.src,
                    &mut self.diags,
                    members,
                    ["AWS", "Service", "Federated", "CanonicalUser"],
                    "the principal",
                    Some(("KP002", "KP022")),
                );
                for (m, parse) in [
                    (aws, parse_aws as PrincipalParser),
                    (service, parse_service),
                    (federated, |s: &str| Ok(PrincipalValue::Federated(s.to_string()))),
                    (canonical, |s: &str| Ok(PrincipalValue::CanonicalUser(s.to_string()))),
                ] {
                    let Some(m) = m else { continue };
                    let name = m.key.as_ref();
                    if let Some(values) = self.principal_values(&m.value, name, parse) {
                        element.entries.push(PrincipalEntry {
                            kind: name.to_string(),
                            values,
                        });
                    }
                }
            }
            other => self.error("KP008", 
                span,
                format!("`{}` must be `\"*\"` or an object, found {}", member.key.as_ref(), other.type_name()),
            ),
        }
        if self.kind == PolicyKind::Rcp && (negated || !element.star) {
            self.error(
                "KP022",
                span,
                "a resource control policy must use `\"Principal\": \"*\"`",
            );
        }
        Some(element)
    }

    fn principal_values<S: AsRef<str>>(
        &mut self,
        node: &Node<S>,
        kind: &str,
        parse: PrincipalParser,
    ) -> Option<OneOrMany<PrincipalValue>> {
        let one = |l: &mut Self, s: &str, span: Span| match parse(s) {
            Ok(v) => Some(v),
            Err((msg, help)) => {
                l.error_help("KP022", span, msg, help);
                None
            }
        };
        match &node.value {
            Value::String(s) => one(self, s.as_ref(), node.span).map(|v| OneOrMany {
                items: vec![v],
                array: false,
            }),
            Value::Array(values) => {
                let mut items = Vec::with_capacity(values.len());
                for v in values {
                    match &v.value {
                        Value::String(s) => items.extend(one(self, s.as_ref(), v.span)),
                        other => self.error(
                            "KP008",
                            v.span,
                            format!(
                                "`{kind}` principal values must be strings, found {}",
                                other.type_name()
                            ),
                        ),
                    }
                }
                Some(OneOrMany { items, array: true })
            }
            other => {
                self.error(
                    "KP008",
                    node.span,
                    format!(
                        "`{kind}` must be a string or an array of strings, found {}",
                        other.type_name()
                    ),
                );
                None
            }
        }
    }

    fn conditions<S: AsRef<str>>(&mut self, node: &Node<S>) -> Vec<Condition> {
        let Value::Object(ops) = &node.value else {
            self.error(
                "KP008",
                node.span,
                format!(
                    "`Condition` must be an object, found {}",
                    node.value.type_name()
                ),
            );
            return Vec::new();
        };
        let mut out = Vec::with_capacity(ops.iter().map(|op| object_len(&op.value)).sum());
        for (i, op_member) in ops.iter().enumerate() {
            let op_name = op_member.key.as_ref();
            if named_before(ops, i, op_name) {
                self.error_help("KP002", 
                    op_member.key_span,
                    format!("duplicate condition operator `{op_name}`"),
                    Some("JSON readers keep only one of them, so a constraint would silently disappear; merge the keys into one block".into()),
                );
                continue;
            }
            let operator = match Operator::parse(op_name) {
                Ok(op) => op,
                Err((msg, help)) => {
                    let lower = op_name.to_ascii_lowercase();
                    let code = if lower.ends_with("nullifexists") {
                        "KP209"
                    } else if lower.ends_with(":null") {
                        "KP210"
                    } else {
                        "KP015"
                    };
                    self.error_help(code, op_member.key_span, msg, help);
                    continue;
                }
            };
            let Value::Object(keys) = &op_member.value.value else {
                self.error(
                    "KP008",
                    op_member.value.span,
                    format!(
                        "the body of `{op_name}` must be an object of condition keys, found {}",
                        op_member.value.value.type_name()
                    ),
                );
                continue;
            };
            for (j, key_member) in keys.iter().enumerate() {
                if named_before(keys, j, key_member.key.as_ref()) {
                    self.error_help(
                        "KP002",
                        key_member.key_span,
                        format!(
                            "duplicate condition key `{}` under `{op_name}`",
                            key_member.key.as_ref()
                        ),
                        Some(
                            "JSON readers keep only one of them; put all values in one array"
                                .into(),
                        ),
                    );
                    continue;
                }
                if let Some(c) = self.condition(operator, op_member, key_member) {
                    out.push(c);
                }
            }
        }
        out
    }

    fn condition<S: AsRef<str>>(
        &mut self,
        operator: Operator,
        op: &Member<S>,
        key: &Member<S>,
    ) -> Option<Condition> {
        let name = key.key.as_ref();
        if name.contains("${") {
            self.error(
                "KP026",
                key.key_span,
                format!("policy variables are not allowed in condition keys: `{name}`"),
            );
            return None;
        }
        match name.split_once(':') {
            Some((prefix, rest)) if !prefix.is_empty() && !rest.is_empty() => {}
            _ => {
                self.error_help(
                    "KP016",
                    key.key_span,
                    format!("invalid condition key `{name}`"),
                    Some(
                        "condition keys are written `prefix:name`, such as `kms:CallerAccount`"
                            .into(),
                    ),
                );
                return None;
            }
        }
        let key_lower = name.to_ascii_lowercase();
        if self.kind == PolicyKind::Key
            && operator.set == SetOp::ForAllValues
            && (key_lower.starts_with("kms:encryptioncontext:")
                || key_lower.starts_with("aws:requesttag/"))
        {
            self.error_help(
                "KP201",
                op.key_span,
                format!("KMS rejects `ForAllValues` with `{name}` (OverlyPermissiveCondition)"),
                Some("the key is single-valued; use `StringEquals` without a set qualifier".into()),
            );
            return None;
        }
        let values = match &key.value.value {
            Value::Array(items) => {
                if items.is_empty() {
                    self.error(
                        "KP027",
                        key.value.span,
                        format!("`{name}` has an empty list of values"),
                    );
                    return None;
                }
                let mut vals = Vec::with_capacity(items.len());
                for item in items {
                    vals.extend(self.condition_value(operator, name, item));
                }
                OneOrMany {
                    items: vals,
                    array: true,
                }
            }
            _ => OneOrMany {
                items: self
                    .condition_value(operator, name, &key.value)
                    .into_iter()
                    .collect(),
                array: false,
            },
        };
        if operator.base == BaseOp::Bool && values.items.len() > 1 {
            self.error(
                "KP018",
                key.value.span,
                format!("`Bool` takes one value for `{name}`"),
            );
        }
        Some(Condition {
            operator,
            operator_text: op.key.as_ref().to_string(),
            operator_span: op.key_span,
            key: name.to_string(),
            key_id: super::keys::CondKey::classify(&key_lower, name),
            key_lower,
            key_span: key.key_span,
            values,
        })
    }

    fn condition_value<S: AsRef<str>>(
        &mut self,
        operator: Operator,
        key: &str,
        node: &Node<S>,
    ) -> Option<ConditionValue> {
        let base = operator.base;
        let (raw, text) = match &node.value {
            Value::String(s) => (RawValue::String(s.as_ref().to_string()), s.as_ref()),
            Value::Number(n) => (RawValue::Number(n.as_ref().to_string()), n.as_ref()),
            Value::Bool(true) => (RawValue::Bool(true), "true"),
            Value::Bool(false) => (RawValue::Bool(false), "false"),
            other => {
                self.error("KP008", 
                    node.span,
                    format!("condition values must be strings, numbers or booleans, found {} for `{key}`", other.type_name()),
                );
                return None;
            }
        };
        let span = node.span;
        let template = if self.version == Version::V2012 && text.contains("${") {
            if !base.takes_variables() {
                self.error(
                    "KP026",
                    span,
                    format!(
                        "policy variables are not allowed with `{}`: `{text}`",
                        base.name()
                    ),
                );
                return None;
            }
            match Template::parse(text) {
                Ok(t) => Some(t),
                Err(msg) => {
                    self.error("KP026", span, msg);
                    return None;
                }
            }
        } else {
            None
        };
        let bad = |l: &mut Self, what: &str| {
            l.error(
                "KP017",
                span,
                format!("invalid {what} `{text}` for `{}` on `{key}`", base.name()),
            );
            None
        };
        let compiled = match base.family() {
            Family::String if base.is_like() => match template {
                Some(t) if t.has_vars() => Compiled::LikeTemplate(t),
                Some(t) => Compiled::Like(glob_from_template(&t)),
                None => Compiled::Like(Glob::new(text, false)),
            },
            Family::String | Family::Binary => match template {
                Some(t) if t.has_vars() => Compiled::StrTemplate(t),
                Some(t) => Compiled::Str(t.plain_text().unwrap_or_default()),
                None => Compiled::Str(text.to_string()),
            },
            Family::Arn => {
                let compiled = match template {
                    Some(t) if t.has_vars() => Some(Compiled::ArnTemplate(t)),
                    Some(t) => arn_value(&t.plain_text().unwrap_or_default()),
                    None => arn_value(text),
                };
                match compiled {
                    Some(c) => c,
                    None => return bad(self, "ARN (six colon-separated components, or `*`)"),
                }
            }
            Family::Bool => match template {
                Some(t) if t.has_vars() => Compiled::StrTemplate(t),
                _ => match parse_bool(text) {
                    Some(b) => Compiled::Bool(b),
                    None => return bad(self, "boolean"),
                },
            },
            Family::Numeric => match parse_number(text) {
                Some(n) => Compiled::Number(n),
                None => return bad(self, "number"),
            },
            Family::Date => match parse_date(text) {
                Some(d) => Compiled::Date(d),
                None => return bad(self, "date"),
            },
            Family::Ip => match parse_cidr(text) {
                Some(net) => Compiled::Cidr(net),
                None => return bad(self, "IP address or CIDR"),
            },
            Family::Null => match parse_bool(text) {
                Some(b) => Compiled::Null(b),
                None => return bad(self, "`Null` value (expected `true` or `false`)"),
            },
        };
        Some(ConditionValue {
            raw,
            compiled,
            span,
        })
    }
}

/// The number of members when `node` is an object, else 0.
fn object_len<S>(node: &Node<S>) -> usize {
    match &node.value {
        Value::Object(members) => members.len(),
        _ => 0,
    }
}

/// Whether a member before position `index` of `members` is named `name`.
fn named_before<S: AsRef<str>>(members: &[Member<S>], index: usize, name: &str) -> bool {
    members.iter().take(index).any(|m| m.key.as_ref() == name)
}

/// A glob from template parts without variables: text keeps its wildcards, literals do not.
pub(crate) fn glob_from_template(t: &Template) -> Glob {
    let mut b = Glob::builder(false);
    for p in &t.parts {
        match p {
            Part::Text(s) => {
                b.pattern(s);
            }
            Part::Literal(s) => {
                b.literal(s);
            }
            Part::Var { .. } => {}
        }
    }
    b.build()
}

/// Compiles an `Arn*` value: the six components, each a glob that never crosses a colon. `*`
/// alone matches every ARN; any other value that is not a six-component ARN is `None` (refused
/// when the policy is loaded, matching nothing when it comes from a substituted variable).
pub(crate) fn arn_value(text: &str) -> Option<Compiled> {
    if text == "*" {
        return Some(Compiled::ArnWhole(Glob::new(text, false)));
    }
    split_arn(text).map(|parts| Compiled::Arn(Box::new(parts.map(|c| Glob::new(c, false)))))
}
