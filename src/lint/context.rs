//! What a rule sees: one policy document (its JSON tree with host-file spans, its kind, the
//! parsed AST when the grammar is clean) or one key resource of a template, plus helpers that
//! turn a span into a complete [`Finding`] (line/column range, JSON pointer, statement, Sid).

use std::sync::Arc;

use super::catalog::Catalog;
use super::finding::{Finding, Label};
use super::registry::RuleMeta;
use crate::json::{Member, Node, Value};
use crate::policy::{Policy, PolicyKind, PrincipalValue, Statement};
use crate::source::{Source, Span};

/// The kind of policy being linted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LintKind {
    /// A KMS key policy (any policy with `Principal` is read as one).
    Key,
    /// An IAM identity policy.
    Identity,
    /// A service control policy.
    Scp,
    /// A resource control policy.
    Rcp,
}

impl LintKind {
    /// `key`, `identity`, `scp` or `rcp`.
    pub fn as_str(self) -> &'static str {
        match self {
            LintKind::Key => "key",
            LintKind::Identity => "identity",
            LintKind::Scp => "scp",
            LintKind::Rcp => "rcp",
        }
    }

    /// Parses the words above.
    pub fn parse(s: &str) -> Option<LintKind> {
        match s {
            "key" => Some(LintKind::Key),
            "identity" => Some(LintKind::Identity),
            "scp" => Some(LintKind::Scp),
            "rcp" => Some(LintKind::Rcp),
            _ => None,
        }
    }

    /// The parser's policy kind.
    pub fn policy_kind(self) -> PolicyKind {
        match self {
            LintKind::Key => PolicyKind::Key,
            LintKind::Identity => PolicyKind::Identity,
            LintKind::Scp => PolicyKind::Scp,
            LintKind::Rcp => PolicyKind::Rcp,
        }
    }
}

/// Settings that change what the rules check.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Force the kind of raw policy files (otherwise detected: `Principal` ⇒ key policy).
    pub kind: Option<LintKind>,
    /// The key's own account, when not in the input.
    pub account: Option<String>,
    /// KP110: the principal that will call `PutKeyPolicy` with this policy.
    pub caller: Option<String>,
}

/// One policy document to lint.
#[derive(Debug)]
pub struct PolicyDoc {
    /// The host file (a raw policy, a template or a plan).
    pub source: Arc<Source>,
    /// The policy's JSON tree; spans are offsets in the host file.
    pub root: Node,
    /// Its kind.
    pub kind: LintKind,
    /// For an embedded policy: the construct holding it (`Resources.AppKey.Properties.KeyPolicy`).
    pub host: Option<String>,
    /// The key's account when the host says (a template's pseudo-account).
    pub key_account: Option<String>,
    /// The key's `KeySpec` when the host says.
    pub key_spec: Option<String>,
    /// Whether the host template enables S3 Bucket Keys for a bucket encrypted with this key.
    pub bucket_key: bool,
    /// Size in bytes of the policy as AWS receives it.
    pub size: usize,
}

/// A `kms` key resource of a CloudFormation template or Terraform plan (KP4xx).
#[derive(Debug)]
pub struct KeyResource {
    /// The host file.
    pub source: Arc<Source>,
    /// `Resources.AppKey` or `aws_kms_key.app`.
    pub host: String,
    /// The resource's name span (its logical id or address).
    pub span: Span,
    /// Its properties, with CloudFormation names (`EnableKeyRotation`, `KeySpec`, …).
    pub props: Vec<(String, Node)>,
    /// Whether an explicit policy is attached (inline or via `aws_kms_key_policy`).
    pub has_policy: bool,
    /// `DeletionPolicy` / `UpdateReplacePolicy` (CloudFormation only), with spans.
    pub deletion_policy: Option<(String, Span)>,
    /// `UpdateReplacePolicy`.
    pub update_replace_policy: Option<(String, Span)>,
    /// True for CloudFormation, false for Terraform.
    pub cloudformation: bool,
}

impl KeyResource {
    /// A property by CloudFormation name.
    pub fn prop(&self, name: &str) -> Option<&Node> {
        self.props.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// A property read as a boolean (`true`, `"true"`).
    pub fn prop_bool(&self, name: &str) -> Option<bool> {
        match &self.prop(name)?.value {
            Value::Bool(b) => Some(*b),
            Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }

    /// A property read as a string.
    pub fn prop_str(&self, name: &str) -> Option<String> {
        match &self.prop(name)?.value {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.clone()),
            _ => None,
        }
    }
}

/// One statement as written (JSON level), with its AST when the policy parsed.
#[derive(Debug)]
pub struct StmtView<'a> {
    /// Index from 0.
    pub index: usize,
    /// The statement object.
    pub node: &'a Node,
    /// `/Statement/N` (or `/Statement` for a single object).
    pub pointer: String,
    /// The `Sid` when it is a string.
    pub sid: Option<&'a str>,
    /// The lowered statement when the whole policy parsed.
    pub ast: Option<&'a Statement>,
}

impl<'a> StmtView<'a> {
    /// The statement's members.
    pub fn members(&self) -> &'a [Member] {
        match &self.node.value {
            Value::Object(m) => m,
            _ => &[],
        }
    }

    /// The first member named `name`.
    pub fn member(&self, name: &str) -> Option<&'a Member> {
        self.members().iter().find(|m| m.key == name)
    }

    /// The string values of `Action` (or `NotAction` when `not`), with spans.
    pub fn strings_of(&self, name: &str) -> Vec<(&'a str, Span)> {
        let Some(m) = self.member(name) else {
            return Vec::new();
        };
        strings(&m.value)
    }

    /// `Effect` is `Allow`.
    pub fn is_allow(&self) -> bool {
        matches!(self.member("Effect").map(|m| &m.value.value), Some(Value::String(s)) if s == "Allow")
    }
}

/// A string or the strings of an array, with spans.
pub fn strings(node: &Node) -> Vec<(&str, Span)> {
    match &node.value {
        Value::String(s) => vec![(s.as_str(), node.span)],
        Value::Array(items) => items
            .iter()
            .filter_map(|i| match &i.value {
                Value::String(s) => Some((s.as_str(), i.span)),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// What a policy rule sees.
pub struct PolicyCx<'a> {
    /// The document.
    pub doc: &'a PolicyDoc,
    /// The AST, when the grammar is clean.
    pub policy: Option<&'a Policy>,
    /// The statements as written.
    pub statements: Vec<StmtView<'a>>,
    /// Settings.
    pub options: &'a Options,
    /// The catalogue.
    pub catalog: &'static Catalog,
    pointers: Vec<(Span, String)>,
}

/// What a key-resource rule sees.
pub struct KeyCx<'a> {
    /// The resource.
    pub key: &'a KeyResource,
    /// Settings.
    pub options: &'a Options,
}

fn index_pointers(node: &Node, pointer: &str, out: &mut Vec<(Span, String)>) {
    out.push((node.span, pointer.to_string()));
    match &node.value {
        Value::Object(members) => {
            for m in members {
                let p = format!("{pointer}/{}", escape_pointer(&m.key));
                out.push((m.key_span, p.clone()));
                index_pointers(&m.value, &p, out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                index_pointers(item, &format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Escapes a member name for a JSON pointer (RFC 6901).
pub fn escape_pointer(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

impl<'a> PolicyCx<'a> {
    /// Builds the context of `doc`.
    pub fn new(
        doc: &'a PolicyDoc,
        policy: Option<&'a Policy>,
        options: &'a Options,
        catalog: &'static Catalog,
    ) -> PolicyCx<'a> {
        let mut pointers = Vec::new();
        index_pointers(&doc.root, "", &mut pointers);
        let mut statements = Vec::new();
        if let Value::Object(members) = &doc.root.value {
            if let Some(st) = members.iter().find(|m| m.key == "Statement") {
                let nodes: Vec<(&Node, String)> = match &st.value.value {
                    Value::Array(items) => items
                        .iter()
                        .enumerate()
                        .map(|(i, n)| (n, format!("/Statement/{i}")))
                        .collect(),
                    Value::Object(_) => vec![(&st.value, "/Statement".to_string())],
                    _ => Vec::new(),
                };
                for (index, (node, pointer)) in nodes.into_iter().enumerate() {
                    let sid =
                        match &node.value {
                            Value::Object(m) => m.iter().find(|m| m.key == "Sid").and_then(|m| {
                                match &m.value.value {
                                    Value::String(s) => Some(s.as_str()),
                                    _ => None,
                                }
                            }),
                            _ => None,
                        };
                    let ast = policy.and_then(|p| p.statements.get(index));
                    statements.push(StmtView {
                        index,
                        node,
                        pointer,
                        sid,
                        ast,
                    });
                }
            }
        }
        PolicyCx {
            doc,
            policy,
            statements,
            options,
            catalog,
            pointers,
        }
    }

    /// The JSON pointer of the node at `span` (exact, else the smallest enclosing node).
    pub fn pointer(&self, span: Span) -> String {
        if let Some((_, p)) = self
            .pointers
            .iter()
            .find(|(s, _)| s.start == span.start && s.end == span.end)
        {
            return p.clone();
        }
        self.pointers
            .iter()
            .filter(|(s, _)| s.start <= span.start && span.end <= s.end)
            .min_by_key(|(s, _)| s.end - s.start)
            .map(|(_, p)| p.clone())
            .unwrap_or_default()
    }

    /// The statement containing `span`.
    pub fn statement_at(&self, span: Span) -> Option<&StmtView<'a>> {
        self.statements
            .iter()
            .find(|s| s.node.span.start <= span.start && span.end <= s.node.span.end)
    }

    /// A finding of rule `meta` at `span`.
    pub fn finding(
        &self,
        meta: &'static RuleMeta,
        span: Span,
        message: impl Into<String>,
    ) -> Finding {
        let stmt = self.statement_at(span);
        let mut f = finding_at(
            &self.doc.source,
            meta,
            span,
            message.into(),
            self.doc.kind.as_str(),
        );
        f.json_pointer = self.pointer(span);
        f.sid = stmt.and_then(|s| s.sid.map(str::to_string));
        f.statement_index = stmt.map(|s| s.index);
        f.host = self.doc.host.clone();
        f
    }

    /// A secondary label at `span`.
    pub fn label(&self, span: Span, message: impl Into<String>) -> Label {
        Label {
            region: region(&self.doc.source, span),
            message: message.into(),
        }
    }

    /// The key's own account: `--account`, the host template, or the account the key policy
    /// delegates to (`arn:aws:iam::A:root` / `A` in an `Allow`).
    pub fn key_account(&self) -> Option<String> {
        if let Some(a) = &self.options.account {
            return Some(a.clone());
        }
        if let Some(a) = &self.doc.key_account {
            return Some(a.clone());
        }
        let policy = self.policy?;
        policy
            .statements
            .iter()
            .filter(|s| s.effect == crate::Effect::Allow)
            .filter_map(|s| s.principal.as_ref())
            .filter(|p| !p.negated)
            .flat_map(|p| p.entries.iter())
            .flat_map(|e| e.values.items.iter())
            .find_map(|v| match v {
                PrincipalValue::Account { account, .. } => Some(account.clone()),
                _ => None,
            })
    }
}

/// The region of `span` in `source`.
pub fn region(source: &Source, span: Span) -> super::finding::Region {
    let (line, column) = source.line_col(span.start);
    let (end_line, end_column) = source.line_col(span.end.max(span.start));
    super::finding::Region {
        line,
        column,
        end_line,
        end_column,
    }
}

/// A finding with only the location filled in.
pub fn finding_at(
    source: &Source,
    meta: &'static RuleMeta,
    span: Span,
    message: String,
    kind: &'static str,
) -> Finding {
    let r = region(source, span);
    Finding {
        code: meta.code,
        name: meta.name,
        severity: meta.severity,
        message,
        file: source.name().to_string(),
        line: r.line,
        column: r.column,
        end_line: r.end_line,
        end_column: r.end_column,
        json_pointer: String::new(),
        sid: None,
        statement_index: None,
        help: None,
        notes: Vec::new(),
        labels: Vec::new(),
        kind,
        host: None,
        caret_label: None,
    }
}

impl KeyCx<'_> {
    /// A finding of rule `meta` at `span` of the key resource.
    pub fn finding(
        &self,
        meta: &'static RuleMeta,
        span: Span,
        message: impl Into<String>,
    ) -> Finding {
        let mut f = finding_at(&self.key.source, meta, span, message.into(), "key-resource");
        f.host = Some(self.key.host.clone());
        f
    }
}
