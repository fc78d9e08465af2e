//! Reading a scenario file into a [`World`] and cases, with every problem reported at its place.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Case, Scenario};
use crate::error::{did_you_mean, Diagnostic, Diagnostics, Error};
use crate::eval::{ContextValue, Decision, Request};
use crate::json::{self, Member, Node, Value};
use crate::policy::parse_support::{fields, syntax_error};
use crate::policy::{is_account_id, Policy, PolicyKind, PrincipalValue};
use crate::source::Source;
use crate::world::{
    Account, Grant, GrantConstraint, Key, KeyArn, KeyMetadata, Organization, Principal,
    PrincipalKind, World,
};

/// Loads a scenario file from disk.
pub fn load_scenario_file(path: &Path) -> Result<Scenario, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::single(Diagnostic::plain(format!(
            "cannot read `{}`: {e}",
            path.display()
        )))
    })?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    load_scenario_str(&path.display().to_string(), &text, &base)
}

/// Loads a scenario from text; relative policy paths resolve against `base`.
pub fn load_scenario_str(name: &str, text: &str, base: &Path) -> Result<Scenario, Error> {
    // An over-size document is refused before its text is copied or indexed.
    if let Err(e) = json::check_size(text, json::Limits::default()) {
        return Err(syntax_error(&Source::new(name, ""), e));
    }
    let source = Source::new(name, text);
    let node = json::parse(source.text(), json::Limits::default())
        .map_err(|e| syntax_error(&source, e))?;
    let mut l = Loader {
        src: &source,
        base: base.to_path_buf(),
        diags: Diagnostics::default(),
    };
    let scenario = l.scenario(&node);
    l.diags.finish(scenario)
}

struct Loader<'a> {
    src: &'a Arc<Source>,
    base: PathBuf,
    diags: Diagnostics,
}

/// DescribeKey `KeyMetadata` members we accept; the ones that affect authorization are read, the
/// rest are AWS's own fields that users paste from the CLI.
const KEY_METADATA_MEMBERS: [&str; 25] = [
    "KeyState",
    "KeyManager",
    "KeySpec",
    "KeyUsage",
    "Origin",
    "MultiRegion",
    "MultiRegionConfiguration",
    "CustomerMasterKeySpec",
    "AWSAccountId",
    "KeyId",
    "Arn",
    "CreationDate",
    "Enabled",
    "Description",
    "DeletionDate",
    "PendingDeletionWindowInDays",
    "ValidTo",
    "CloudHsmClusterId",
    "ExpirationModel",
    "CustomKeyStoreId",
    "EncryptionAlgorithms",
    "SigningAlgorithms",
    "KeyAgreementAlgorithms",
    "MacAlgorithms",
    "XksKeyConfiguration",
];

impl Loader<'_> {
    fn error(&mut self, node_span: crate::source::Span, message: impl Into<String>) {
        self.diags
            .push(Diagnostic::at(self.src, node_span, message));
    }

    fn object<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n [Member]> {
        match &node.value {
            Value::Object(m) => Some(m),
            other => {
                self.error(
                    node.span,
                    format!("{what} must be an object, found {}", other.type_name()),
                );
                None
            }
        }
    }

    fn array<'n>(&mut self, node: &'n Node, what: &str) -> &'n [Node] {
        match &node.value {
            Value::Array(items) => items,
            other => {
                self.error(
                    node.span,
                    format!("`{what}` must be an array, found {}", other.type_name()),
                );
                &[]
            }
        }
    }

    fn string(&mut self, node: &Node, what: &str) -> Option<String> {
        match &node.value {
            Value::String(s) => Some(s.clone()),
            other => {
                self.error(
                    node.span,
                    format!("`{what}` must be a string, found {}", other.type_name()),
                );
                None
            }
        }
    }

    fn bool(&mut self, node: &Node, what: &str) -> Option<bool> {
        match &node.value {
            Value::Bool(b) => Some(*b),
            other => {
                self.error(
                    node.span,
                    format!(
                        "`{what}` must be true or false, found {}",
                        other.type_name()
                    ),
                );
                None
            }
        }
    }

    fn strings(&mut self, node: &Node, what: &str) -> Vec<String> {
        let items = self.array(node, what);
        items.iter().filter_map(|n| self.string(n, what)).collect()
    }

    fn string_map(&mut self, node: &Node, what: &str) -> Vec<(String, String)> {
        let Some(members) = self.object(node, &format!("`{what}`")) else {
            return Vec::new();
        };
        let mut out: Vec<(String, String)> = Vec::new();
        for m in members {
            if out.iter().any(|(k, _)| *k == m.key) {
                self.error(
                    m.key_span,
                    format!("duplicate member `{}` in `{what}`", m.key),
                );
                continue;
            }
            if let Some(v) = self.string(&m.value, &format!("{what}.{}", m.key)) {
                out.push((m.key.clone(), v));
            }
        }
        out
    }

    /// A policy: an inline object, or a path relative to the scenario file.
    fn policy(&mut self, node: &Node, kind: PolicyKind, label: &str) -> Option<Policy> {
        match &node.value {
            Value::String(path) => {
                let full = self.base.join(path);
                let text = match std::fs::read_to_string(&full) {
                    Ok(t) => t,
                    Err(e) => {
                        self.diags.push(Diagnostic::at(
                            self.src,
                            node.span,
                            format!("cannot read policy file `{}`: {e}", full.display()),
                        ));
                        return None;
                    }
                };
                match Policy::parse(&full.display().to_string(), &text, kind) {
                    Ok(p) => Some(p),
                    Err(e) => {
                        self.diags.list.extend(e.into_diagnostics());
                        None
                    }
                }
            }
            Value::Object(_) => match Policy::from_node(self.src, node, kind) {
                Ok(p) => Some(p.with_label(format!("{} {label}", self.src.name()))),
                Err(e) => {
                    self.diags.list.extend(e.into_diagnostics());
                    None
                }
            },
            other => {
                self.error(
                    node.span,
                    format!(
                        "a policy must be an object or a path string, found {}",
                        other.type_name()
                    ),
                );
                None
            }
        }
    }

    fn scenario(&mut self, node: &Node) -> Scenario {
        let mut scenario = Scenario {
            path: self.src.name().to_string(),
            description: None,
            world: World::new(),
            cases: None,
        };
        let Some(members) = self.object(node, "a scenario file") else {
            return scenario;
        };
        let [description, keys, principals, accounts, cases] = fields(
            self.src,
            &mut self.diags,
            members,
            ["description", "keys", "principals", "accounts", "cases"],
            "the scenario file",
        );
        if let Some(m) = description {
            scenario.description = self.string(&m.value, "description");
        }
        if let Some(m) = keys {
            for (i, k) in self.array(&m.value, "keys").iter().enumerate() {
                if let Some(key) = self.key(k, i) {
                    if scenario.world.key(&key.arn.arn).is_some() {
                        self.error(k.span, format!("key `{}` is listed twice", key.arn.arn));
                    }
                    scenario.world.add_key(key);
                }
            }
        }
        if let Some(m) = principals {
            for (i, p) in self.array(&m.value, "principals").iter().enumerate() {
                if let Some(p) = self.principal(p, i) {
                    scenario.world.add_principal(p);
                }
            }
        }
        if let Some(m) = accounts {
            for (i, a) in self.array(&m.value, "accounts").iter().enumerate() {
                if let Some(a) = self.account(a, i) {
                    scenario.world.add_account(a);
                }
            }
        }
        if let Some(m) = cases {
            let mut out: Vec<Case> = Vec::new();
            for c in self.array(&m.value, "cases") {
                if let Some(case) = self.case(c) {
                    if out.iter().any(|x| x.name == case.name) {
                        self.error(c.span, format!("duplicate case name `{}`", case.name));
                    }
                    out.push(case);
                }
            }
            scenario.cases = Some(out);
        }
        scenario
    }

    fn key(&mut self, node: &Node, i: usize) -> Option<Key> {
        let members = self.object(node, "a key")?;
        let ctx = format!("keys[{i}]");
        let [arn, policy, metadata, aliases, tags, grants] = fields(
            self.src,
            &mut self.diags,
            members,
            ["arn", "policy", "metadata", "aliases", "tags", "grants"],
            &ctx,
        );
        let Some(arn_m) = arn else {
            self.error(node.span, format!("{ctx} has no `arn`"));
            return None;
        };
        let arn_text = self.string(&arn_m.value, "arn")?;
        let Some(arn) = KeyArn::parse(&arn_text) else {
            self.error(
                arn_m.value.span,
                format!("invalid key ARN `{arn_text}`: expected `arn:aws:kms:REGION:ACCOUNT:key/KEY-ID`"),
            );
            return None;
        };
        let policy = match policy {
            Some(m) => self.policy(&m.value, PolicyKind::Key, &format!("{ctx}.policy"))?,
            None => default_key_policy(&arn),
        };
        let mut metadata_value = KeyMetadata::default_for(&arn.key_id);
        if let Some(m) = metadata {
            self.metadata(&m.value, &mut metadata_value);
        }
        let aliases = aliases
            .map(|m| self.strings(&m.value, "aliases"))
            .unwrap_or_default();
        for a in &aliases {
            if !a.starts_with("alias/") || a.len() <= 6 {
                let span = members
                    .iter()
                    .find(|m| m.key == "aliases")
                    .map_or(node.span, |m| m.value.span);
                self.error(
                    span,
                    format!("invalid alias name `{a}`: aliases are written `alias/NAME`"),
                );
            }
        }
        let tags = tags
            .map(|m| self.string_map(&m.value, "tags"))
            .unwrap_or_default();
        let grants = grants
            .map(|m| {
                let items = self.array(&m.value, "grants");
                items.iter().filter_map(|g| self.grant(g)).collect()
            })
            .unwrap_or_default();
        Some(Key {
            arn,
            policy,
            metadata: metadata_value,
            aliases,
            tags,
            grants,
        })
    }

    fn metadata(&mut self, node: &Node, out: &mut KeyMetadata) {
        let Some(members) = self.object(node, "`metadata`") else {
            return;
        };
        let found = fields(
            self.src,
            &mut self.diags,
            members,
            KEY_METADATA_MEMBERS,
            "`metadata`",
        );
        let [state, manager, spec, usage, origin, multi, mrc, cmk_spec, ..] = found;
        if let Some(m) = state {
            if let Some(s) = self.string(&m.value, "KeyState") {
                if crate::kms::KEY_STATES.contains(&s.as_str()) {
                    out.key_state = s;
                } else {
                    let help = did_you_mean(&s, crate::kms::KEY_STATES.iter().copied());
                    self.diags.push(
                        Diagnostic::at(self.src, m.value.span, format!("unknown key state `{s}`"))
                            .with_help_opt(help),
                    );
                }
            }
        }
        if let Some(m) = manager {
            if let Some(s) = self.string(&m.value, "KeyManager") {
                if s == "AWS" || s == "CUSTOMER" {
                    out.key_manager = s;
                } else {
                    self.error(
                        m.value.span,
                        format!("invalid `KeyManager` `{s}`: expected `AWS` or `CUSTOMER`"),
                    );
                }
            }
        }
        if let Some(m) = spec.or(cmk_spec) {
            if let Some(s) = self.string(&m.value, "KeySpec") {
                out.key_spec = s;
            }
        }
        if let Some(m) = usage {
            if let Some(s) = self.string(&m.value, "KeyUsage") {
                out.key_usage = s;
            }
        }
        if let Some(m) = origin {
            if let Some(s) = self.string(&m.value, "Origin") {
                out.origin = s;
            }
        }
        if let Some(m) = multi {
            if let Some(b) = self.bool(&m.value, "MultiRegion") {
                out.multi_region = b;
                if !b {
                    out.multi_region_key_type = None;
                } else if out.multi_region_key_type.is_none() {
                    out.multi_region_key_type = Some("PRIMARY".into());
                }
            }
        }
        if let Some(m) = mrc {
            if let Some(members) = self.object(&m.value, "`MultiRegionConfiguration`") {
                let [kt, _, _] = fields(
                    self.src,
                    &mut self.diags,
                    members,
                    ["MultiRegionKeyType", "PrimaryKey", "ReplicaKeys"],
                    "`MultiRegionConfiguration`",
                );
                if let Some(kt) = kt {
                    if let Some(s) = self.string(&kt.value, "MultiRegionKeyType") {
                        if s == "PRIMARY" || s == "REPLICA" {
                            out.multi_region = true;
                            out.multi_region_key_type = Some(s);
                        } else {
                            self.error(kt.value.span, format!("invalid `MultiRegionKeyType` `{s}`: expected `PRIMARY` or `REPLICA`"));
                        }
                    }
                }
            }
        }
    }

    fn grant_principal(&mut self, node: &Node, what: &str) -> Option<PrincipalValue> {
        let text = self.string(node, what)?;
        let parsed = if text.contains(':') || crate::policy::is_account_id(&text) {
            crate::policy::principal_parse_aws(&text)
        } else {
            crate::policy::principal_parse_service(&text)
        };
        match parsed {
            Ok(PrincipalValue::Any) => {
                self.error(node.span, format!("`{what}` cannot be `*`"));
                None
            }
            Ok(v) => Some(v),
            Err((msg, help)) => {
                self.diags
                    .push(Diagnostic::at(self.src, node.span, msg).with_help_opt(help));
                None
            }
        }
    }

    fn grant(&mut self, node: &Node) -> Option<Grant> {
        let members = self.object(node, "a grant")?;
        let [id, name, grantee, grantee_service, retiring, operations, constraints, token, consistent, _, _, _] =
            fields(
                self.src,
                &mut self.diags,
                members,
                [
                    "GrantId",
                    "Name",
                    "GranteePrincipal",
                    "GranteeServicePrincipal",
                    "RetiringPrincipal",
                    "Operations",
                    "Constraints",
                    "token",
                    "consistent",
                    "KeyId",
                    "CreationDate",
                    "IssuingAccount",
                ],
                "the grant",
            );
        let id = match id {
            Some(m) => self.string(&m.value, "GrantId")?,
            None => {
                self.error(node.span, "the grant has no `GrantId`");
                return None;
            }
        };
        let grantee = match (grantee, grantee_service) {
            (Some(m), _) | (None, Some(m)) => self.grant_principal(&m.value, &m.key)?,
            (None, None) => {
                self.error(node.span, "the grant has no `GranteePrincipal`");
                return None;
            }
        };
        let retiring = retiring.and_then(|m| self.grant_principal(&m.value, "RetiringPrincipal"));
        let operations = match operations {
            Some(m) => {
                let ops = self.strings(&m.value, "Operations");
                for op in &ops {
                    if !crate::kms::is_grant_operation(op) {
                        let names = crate::kms::ACTIONS
                            .iter()
                            .filter(|a| a.grant_operation)
                            .map(|a| a.name);
                        let help = did_you_mean(op, names);
                        self.diags.push(
                            Diagnostic::at(
                                self.src,
                                m.value.span,
                                format!("`{op}` is not a grant operation"),
                            )
                            .with_help_opt(help),
                        );
                    }
                }
                ops
            }
            None => {
                self.error(node.span, "the grant has no `Operations`");
                return None;
            }
        };
        let constraint = constraints.and_then(|m| {
            let members = self.object(&m.value, "`Constraints`")?;
            let [equals, subset] = fields(
                self.src,
                &mut self.diags,
                members,
                ["EncryptionContextEquals", "EncryptionContextSubset"],
                "`Constraints`",
            );
            match (equals, subset) {
                (Some(e), None) => Some(GrantConstraint::Equals(self.string_map(&e.value, "EncryptionContextEquals"))),
                (None, Some(s)) => Some(GrantConstraint::Subset(self.string_map(&s.value, "EncryptionContextSubset"))),
                (Some(_), Some(s)) => {
                    self.error(s.key_span, "a grant has either `EncryptionContextEquals` or `EncryptionContextSubset`, not both");
                    None
                }
                (None, None) => None,
            }
        });
        Some(Grant {
            id,
            name: name.and_then(|m| self.string(&m.value, "Name")),
            grantee,
            retiring,
            operations,
            constraint,
            token: token.and_then(|m| self.string(&m.value, "token")),
            consistent: consistent
                .and_then(|m| self.bool(&m.value, "consistent"))
                .unwrap_or(true),
        })
    }

    fn principal(&mut self, node: &Node, i: usize) -> Option<Principal> {
        let members = self.object(node, "a principal")?;
        let ctx = format!("principals[{i}]");
        let [arn, policies, boundary, tags, unique_id, service_linked] = fields(
            self.src,
            &mut self.diags,
            members,
            [
                "arn",
                "policies",
                "permissions_boundary",
                "tags",
                "unique_id",
                "service_linked",
            ],
            &ctx,
        );
        let Some(arn_m) = arn else {
            self.error(node.span, format!("{ctx} has no `arn`"));
            return None;
        };
        let arn = self.string(&arn_m.value, "arn")?;
        let parsed = crate::policy::principal_parse_aws(&arn);
        let (kind, account, name) = match parsed {
            Ok(PrincipalValue::User { account, name, .. }) => (PrincipalKind::User, account, name),
            Ok(PrincipalValue::Role { account, name, .. }) => (PrincipalKind::Role, account, name),
            _ => {
                self.diags.push(
                    Diagnostic::at(self.src, arn_m.value.span, format!("invalid principal ARN `{arn}`"))
                        .with_help("principals[] lists IAM users (`arn:aws:iam::ACCOUNT:user/NAME`) and roles (`arn:aws:iam::ACCOUNT:role/NAME`)"),
                );
                return None;
            }
        };
        let policies = policies
            .map(|m| {
                let items = self.array(&m.value, "policies");
                items
                    .iter()
                    .enumerate()
                    .filter_map(|(j, p)| {
                        self.policy(p, PolicyKind::Identity, &format!("{ctx}.policies[{j}]"))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let boundary = boundary.and_then(|m| {
            self.policy(
                &m.value,
                PolicyKind::Boundary,
                &format!("{ctx}.permissions_boundary"),
            )
        });
        let tags = tags
            .map(|m| self.string_map(&m.value, "tags"))
            .unwrap_or_default();
        let unique_id = unique_id.and_then(|m| self.string(&m.value, "unique_id"));
        let service_linked = service_linked
            .and_then(|m| self.bool(&m.value, "service_linked"))
            .unwrap_or(false);
        Some(Principal {
            arn,
            kind,
            account,
            name,
            policies,
            boundary,
            tags,
            unique_id,
            service_linked,
        })
    }

    fn levels(&mut self, node: &Node, kind: PolicyKind, what: &str) -> Vec<Vec<Policy>> {
        let levels = self.array(node, what);
        let mut out = Vec::new();
        for (li, level) in levels.iter().enumerate() {
            let items = self.array(level, &format!("{what}[{li}]"));
            let policies = items
                .iter()
                .enumerate()
                .filter_map(|(pi, p)| self.policy(p, kind, &format!("{what}[{li}][{pi}]")))
                .collect();
            out.push(policies);
        }
        out
    }

    fn account(&mut self, node: &Node, i: usize) -> Option<Account> {
        let members = self.object(node, "an account")?;
        let ctx = format!("accounts[{i}]");
        let [id, organization, scps, rcps] = fields(
            self.src,
            &mut self.diags,
            members,
            ["id", "organization", "scps", "rcps"],
            &ctx,
        );
        let Some(id_m) = id else {
            self.error(node.span, format!("{ctx} has no `id`"));
            return None;
        };
        let id = self.string(&id_m.value, "id")?;
        if !is_account_id(&id) {
            self.error(
                id_m.value.span,
                format!("invalid account id `{id}`: expected 12 digits"),
            );
        }
        let organization = organization.and_then(|m| {
            let members = self.object(&m.value, "`organization`")?;
            let [oid, paths, management] = fields(
                self.src,
                &mut self.diags,
                members,
                ["id", "paths", "management_account"],
                "`organization`",
            );
            Some(Organization {
                id: oid
                    .and_then(|m| self.string(&m.value, "id"))
                    .unwrap_or_default(),
                paths: paths
                    .map(|m| self.strings(&m.value, "paths"))
                    .unwrap_or_default(),
                management_account: management
                    .and_then(|m| self.bool(&m.value, "management_account"))
                    .unwrap_or(false),
            })
        });
        let scps = scps.map(|m| self.levels(&m.value, PolicyKind::Scp, &format!("{ctx}.scps")));
        let rcps = rcps.map(|m| self.levels(&m.value, PolicyKind::Rcp, &format!("{ctx}.rcps")));
        Some(Account {
            id,
            organization,
            scps,
            rcps,
        })
    }

    fn context_value(&mut self, node: &Node, key: &str) -> Option<Option<ContextValue>> {
        match &node.value {
            Value::Null => Some(None),
            Value::String(s) => Some(Some(ContextValue::Single(s.clone()))),
            Value::Bool(b) => Some(Some(ContextValue::Single(b.to_string()))),
            Value::Number(n) => Some(Some(ContextValue::Single(n.clone()))),
            Value::Array(_) => Some(Some(ContextValue::Multi(self.strings(node, key)))),
            Value::Object(_) => {
                self.error(node.span, format!("context key `{key}` must be a string, array of strings, boolean, number or null"));
                None
            }
        }
    }

    fn case(&mut self, node: &Node) -> Option<Case> {
        let members = self.object(node, "a case")?;
        let [name, principal, action, resource, ec, context, session, vpce, tokens, expect, expect_error, expect_statements] =
            fields(
                self.src,
                &mut self.diags,
                members,
                [
                    "name",
                    "principal",
                    "action",
                    "resource",
                    "encryption_context",
                    "context",
                    "session_policy",
                    "vpc_endpoint_policy",
                    "grant_tokens",
                    "expect",
                    "expect_error",
                    "expect_statements",
                ],
                "the case",
            );
        let location = self.src.location(node.span);
        let name = match name {
            Some(m) => self.string(&m.value, "name")?,
            None => {
                self.error(node.span, "the case has no `name`");
                return None;
            }
        };
        let mut builder = Request::builder();
        for (m, field) in [
            (principal, "principal"),
            (action, "action"),
            (expect, "expect"),
        ] {
            if m.is_none() {
                self.error(node.span, format!("case `{name}` has no `{field}`"));
            }
        }
        let principal = principal?;
        let action_m = action?;
        let expect_m = expect?;
        let principal_text = self.string(&principal.value, "principal")?;
        if let Err(msg) = crate::eval::Caller::parse(&principal_text) {
            self.error(principal.value.span, msg);
            return None;
        }
        builder = builder.principal(principal_text);
        let action_text = self.string(&action_m.value, "action")?;
        if crate::kms::lookup(&action_text).is_none() {
            let help = crate::kms::suggest(&action_text);
            self.diags.push(
                Diagnostic::at(
                    self.src,
                    action_m.value.span,
                    format!("unknown KMS action `{action_text}`"),
                )
                .with_help_opt(help),
            );
            return None;
        }
        builder = builder.action(action_text);
        if let Some(m) = resource {
            builder = builder.resource(self.string(&m.value, "resource")?);
        }
        if let Some(m) = ec {
            for (k, v) in self.string_map(&m.value, "encryption_context") {
                builder = builder.encryption_context(k, v);
            }
        }
        if let Some(m) = context {
            if let Some(members) = self.object(&m.value, "`context`") {
                for cm in members {
                    if let Some(v) = self.context_value(&cm.value, &cm.key) {
                        builder = match v {
                            Some(ContextValue::Multi(values)) => {
                                builder.context_multi(cm.key.clone(), values)
                            }
                            Some(ContextValue::Single(s)) => builder.context(cm.key.clone(), s),
                            Some(ContextValue::Conflict(_)) => builder,
                            None => builder.context_absent(cm.key.clone()),
                        };
                    }
                }
            }
        }
        if let Some(m) = session {
            builder = builder.session_policy(self.policy(
                &m.value,
                PolicyKind::Session,
                &format!("case `{name}` session_policy"),
            )?);
        }
        if let Some(m) = vpce {
            builder = builder.vpc_endpoint_policy(self.policy(
                &m.value,
                PolicyKind::VpcEndpoint,
                &format!("case `{name}` vpc_endpoint_policy"),
            )?);
        }
        if let Some(m) = tokens {
            for t in self.strings(&m.value, "grant_tokens") {
                builder = builder.grant_token(t);
            }
        }
        let expect_text = self.string(&expect_m.value, "expect")?;
        let Some(expect) = Decision::parse(&expect_text) else {
            let help = did_you_mean(&expect_text, ["allowed", "explicitDeny", "implicitDeny"]);
            self.diags.push(
                Diagnostic::at(self.src, expect_m.value.span, format!("invalid `expect` `{expect_text}`: expected `allowed`, `explicitDeny` or `implicitDeny`"))
                    .with_help_opt(help),
            );
            return None;
        };
        let expect_error = expect_error.and_then(|m| self.string(&m.value, "expect_error"));
        let expect_statements =
            expect_statements.map(|m| self.strings(&m.value, "expect_statements"));
        let request = match builder.build() {
            Ok(r) => r,
            Err(e) => {
                for d in e.into_diagnostics() {
                    self.diags.push(
                        Diagnostic::at(
                            self.src,
                            node.span,
                            format!("case `{name}`: {}", d.message),
                        )
                        .with_help_opt(d.help),
                    );
                }
                return None;
            }
        };
        Some(Case {
            name,
            request,
            expect,
            expect_error,
            expect_statements,
            location,
        })
    }
}

/// The key policy CreateKey attaches when none is given (spec §10.1).
pub(crate) fn default_key_policy(arn: &KeyArn) -> Policy {
    let text = format!(
        r#"{{
  "Version": "2012-10-17",
  "Id": "key-default-1",
  "Statement": [
    {{
      "Sid": "Enable IAM User Permissions",
      "Effect": "Allow",
      "Principal": {{"AWS": "arn:{}:iam::{}:root"}},
      "Action": "kms:*",
      "Resource": "*"
    }}
  ]
}}
"#,
        arn.partition, arn.account
    );
    match Policy::parse(
        &format!("<default key policy of {}>", arn.arn),
        &text,
        PolicyKind::Key,
    ) {
        Ok(p) => p,
        // INVARIANT: the text above is a valid key policy for any parsed key ARN.
        Err(_) => Policy::empty(PolicyKind::Key),
    }
}
