//! `kmspolicy lint`: find broken and dangerous KMS key policies and KMS-touching IAM policies,
//! in raw policy files, CloudFormation templates and Terraform plans, with exact locations.
//!
//! The pipeline: [`input`] turns each file into policy documents whose spans point into the host
//! file; the policy parser ([`crate::Policy`]) lowers each one, and its diagnostics become the
//! grammar findings (KP0xx); every rule of the [`registry`] that applies to the document's kind
//! then checks it — the semantic ones by asking the evaluator ([`crate::authorize`]) about
//! synthetic requests ([`probe`]); finally the configuration ([`config`]) adjusts severities and
//! drops ignored or baselined findings, and [`output`] renders the result.

pub mod catalog;
pub mod config;
pub mod context;
pub mod finding;
pub mod input;
pub mod output;
pub mod probe;
pub mod registry;
pub mod rules;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use context::{LintKind, Options};
pub use finding::{Finding, Severity};
pub use registry::{Rule, RuleMeta, RULES};

use context::{KeyCx, PolicyCx, PolicyDoc};
use input::{InputKind, Target};
use registry::Applies;

use crate::source::{Source, Span};

/// The result of a lint run.
#[derive(Debug, Default)]
pub struct Report {
    /// Every finding, sorted by file, line, column, rule.
    pub findings: Vec<Finding>,
    /// The host files, for rendering source excerpts.
    pub sources: BTreeMap<String, Arc<Source>>,
    /// Files read.
    pub files: usize,
    /// Policy documents checked.
    pub policies: usize,
    /// Files skipped because they are neither policies, templates nor plans.
    pub skipped: Vec<String>,
    /// Problems that make the run incomplete (unreadable files): exit status 2.
    pub errors: Vec<String>,
    /// Suppressions written in templates that matched no finding.
    pub unused_suppressions: Vec<String>,
}

impl Report {
    /// Counts of findings per severity: (error, warning, info).
    pub fn counts(&self) -> (usize, usize, usize) {
        let n = |s| self.findings.iter().filter(|f| f.severity == s).count();
        (n(Severity::Error), n(Severity::Warning), n(Severity::Info))
    }

    /// Sorts findings deterministically and removes exact duplicates (a grammar problem found
    /// both by the parser and by a rule).
    pub fn finish(&mut self) {
        self.findings
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.findings.dedup_by(|a, b| {
            a.code == b.code && a.file == b.file && a.line == b.line && a.column == b.column
        });
    }
}

/// Lints one text read from `name`.
pub fn lint_text(name: &str, text: &str, options: &Options) -> Report {
    let mut report = Report::default();
    lint_into(name, text, options, true, &mut report);
    report.finish();
    report
}

/// Lints files and directories (searched recursively for `.json`, `.yaml`, `.yml`, `.template`).
pub fn lint_paths(paths: &[PathBuf], options: &Options) -> Report {
    let mut report = Report::default();
    for p in paths {
        if p.is_dir() {
            let mut files = Vec::new();
            if let Err(e) = walk(p, &mut files) {
                report
                    .errors
                    .push(format!("cannot read directory `{}`: {e}", display(p)));
            }
            files.sort();
            for f in files {
                lint_file(&f, options, false, &mut report);
            }
        } else {
            lint_file(p, options, true, &mut report);
        }
    }
    report.finish();
    report
}

fn display(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') || name == "target" || name == "node_modules" {
            continue;
        }
        if path.is_dir() {
            walk(&path, out)?;
        } else if [".json", ".yaml", ".yml", ".template"]
            .iter()
            .any(|ext| name.to_ascii_lowercase().ends_with(ext))
        {
            out.push(path);
        }
    }
    Ok(())
}

fn lint_file(path: &Path, options: &Options, explicit: bool, report: &mut Report) {
    let name = display(path);
    match std::fs::read_to_string(path) {
        Ok(text) => lint_into(&name, &text, options, explicit, report),
        Err(e) => report.errors.push(format!("cannot read `{name}`: {e}")),
    }
}

fn lint_into(name: &str, text: &str, options: &Options, explicit: bool, report: &mut Report) {
    report.files += 1;
    let catalog = match catalog::catalog() {
        Ok(c) => c,
        Err(e) => {
            report.errors.push(e.to_string());
            return;
        }
    };
    let (targets, kind, source) = input::read(name, text, options);
    if kind == InputKind::Other && targets.is_empty() {
        if explicit {
            report.errors.push(format!(
                "`{name}` is not a policy (no `Statement`), a CloudFormation template or a Terraform plan"
            ));
        } else {
            report.skipped.push(name.to_string());
        }
        return;
    }
    let first = report.findings.len();
    let mut suppressions = Vec::new();
    for t in targets {
        match t {
            Target::Finding(f) => report.findings.push(f),
            Target::Suppression(s) => suppressions.push(s),
            Target::Error(e) => report.errors.push(e),
            Target::Policy(doc) => {
                report
                    .sources
                    .entry(doc.source.name().to_string())
                    .or_insert_with(|| doc.source.clone());
                report.policies += 1;
                lint_policy(&doc, options, catalog, &mut report.findings);
            }
            Target::Key(key) => {
                report
                    .sources
                    .entry(key.source.name().to_string())
                    .or_insert_with(|| key.source.clone());
                let cx = KeyCx { key: &key, options };
                // Every rule may check key resources (KP4xx do, and so does KP112, which also
                // checks policies); the default check finds nothing.
                for r in RULES {
                    r.check_key(&cx, &mut report.findings);
                }
            }
        }
    }
    apply_suppressions(&suppressions, first, report);
    report.sources.entry(name.to_string()).or_insert(source);
}

/// Drops the findings of this file (from index `first` on) that its own suppressions accept,
/// and records the suppressions that accepted nothing.
fn apply_suppressions(
    suppressions: &[input::markers::Suppression],
    first: usize,
    report: &mut Report,
) {
    if suppressions.is_empty() {
        return;
    }
    let mut used = vec![false; suppressions.len()];
    let mut index = 0;
    report.findings.retain(|f| {
        index += 1;
        if index <= first {
            return true;
        }
        match suppressions.iter().position(|s| s.covers(f)) {
            Some(i) => {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
                false
            }
            None => true,
        }
    });
    for (s, u) in suppressions.iter().zip(used) {
        if !u {
            report.unused_suppressions.push(format!(
                "{}: the suppression of {} in `{}` matched no finding",
                s.place, s.code, s.host
            ));
        }
    }
}

/// Whether a rule applies to a policy of `kind`.
fn applies(a: Applies, kind: LintKind) -> bool {
    match a {
        Applies::Key => kind == LintKind::Key,
        Applies::Identity => kind == LintKind::Identity,
        Applies::Both => true,
        Applies::KeyResource => false,
    }
}

/// Lints one policy document.
pub(crate) fn lint_policy(
    doc: &PolicyDoc,
    options: &Options,
    catalog: &'static catalog::Catalog,
    out: &mut Vec<Finding>,
) {
    let parsed = crate::Policy::from_node(&doc.source, &doc.root, doc.kind.policy_kind());
    let policy = match parsed {
        Ok(p) => Some(p),
        Err(e) => {
            let cx = PolicyCx::new(doc, None, options, catalog);
            for d in e.diagnostics() {
                // A reader diagnostic without a registered rule is still reported (as KP008),
                // never dropped.
                let code = d.code.unwrap_or("KP008");
                let Some(meta) = registry::meta(code).or_else(|| registry::meta("KP008")) else {
                    continue;
                };
                let span = d
                    .location
                    .as_ref()
                    .map(|l| span_of(&doc.source, l.line, l.column))
                    .unwrap_or_default();
                let span = widen(&cx, span);
                let f = cx
                    .finding(meta, span, d.message.clone())
                    .help_opt(d.help.clone());
                out.push(f);
            }
            None
        }
    };
    let cx = PolicyCx::new(doc, policy.as_ref(), options, catalog);
    for r in RULES {
        if applies(r.meta().applies, doc.kind) {
            r.check_policy(&cx, out);
        }
    }
    // A key ID or alias name where an identity policy needs a key ARN is reported by the
    // specific KP014, not also by the reader's generic KP013 at the same place.
    let specific: Vec<(String, usize, usize)> = out
        .iter()
        .filter(|f| f.code == "KP014")
        .map(|f| (f.file.clone(), f.line, f.column))
        .collect();
    if !specific.is_empty() {
        out.retain(|f| {
            f.code != "KP013"
                || !specific
                    .iter()
                    .any(|(file, l, c)| *file == f.file && *l == f.line && *c == f.column)
        });
    }
}

/// The byte offset of a 1-based line and column.
fn span_of(source: &Source, line: usize, column: usize) -> Span {
    let text = source.text();
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let col_bytes: usize = l
                .chars()
                .take(column.saturating_sub(1))
                .map(char::len_utf8)
                .sum();
            return Span::new(offset + col_bytes, offset + col_bytes);
        }
        offset += l.len();
    }
    Span::new(offset, offset)
}

/// A parser diagnostic carries only a start; widen it to the JSON node (or member name) that
/// starts there, so the caret underlines the whole offending text.
fn widen(cx: &PolicyCx<'_>, span: Span) -> Span {
    let mut best: Option<Span> = None;
    visit_spans(&cx.doc.root, &mut |s| {
        if s.start == span.start && best.is_none_or(|b| s.end - s.start < b.end - b.start) {
            best = Some(s);
        }
    });
    best.unwrap_or(Span::new(span.start, span.start + 1))
}

fn visit_spans(node: &crate::json::Node, f: &mut impl FnMut(Span)) {
    f(node.span);
    match &node.value {
        crate::json::Value::Object(ms) => {
            for m in ms {
                f(m.key_span);
                visit_spans(&m.value, f);
            }
        }
        crate::json::Value::Array(items) => {
            for i in items {
                visit_spans(i, f);
            }
        }
        _ => {}
    }
}
