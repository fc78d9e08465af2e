//! Renderers: one function per `--format`, all reading the same [`Report`]. Output is
//! deterministic (findings are sorted) so that CI logs and snapshots are stable.

pub mod human;
pub mod sarif;

use super::catalog;
use super::finding::Finding;
use super::Report;

/// `path:line:col: severity[CODE] message` per finding.
pub fn concise(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        out.push_str(&format!(
            "{}:{}:{}: {}[{}] {}\n",
            f.file, f.line, f.column, f.severity, f.code, f.message
        ));
    }
    out
}

#[derive(serde::Serialize)]
struct JsonPos {
    line: usize,
    column: usize,
}

#[derive(serde::Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    name: &'a str,
    severity: &'a str,
    kind: &'a str,
    message: &'a str,
    path: &'a str,
    start: JsonPos,
    end: JsonPos,
    json_pointer: &'a str,
    sid: Option<&'a str>,
    statement_index: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    host: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notes: &'a [String],
    fingerprint: String,
}

/// The stable, versioned JSON document.
pub fn json(report: &Report, unused_ignores: &[String]) -> String {
    let findings: Vec<JsonFinding<'_>> = report.findings.iter().map(json_finding).collect();
    let (error, warning, info) = report.counts();
    let snapshot = catalog::catalog()
        .ok()
        .map(|c| c.snapshot.data_date.clone());
    let doc = serde_json::json!({
        "version": 1,
        "tool": {
            "name": "kmspolicy",
            "version": env!("CARGO_PKG_VERSION"),
            "data_snapshot": snapshot,
        },
        "findings": findings,
        "summary": {"error": error, "warning": warning, "info": info,
                     "files": report.files, "policies": report.policies},
        "unused_ignores": unused_ignores,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// JSON Lines: each finding as one compact object per line — the objects of the JSON document's
/// `findings` — for tools that stream (`jq -c`, log pipelines). Nothing is written when there is
/// no finding.
pub fn jsonl(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        out.push_str(&serde_json::to_string(&json_finding(f)).unwrap_or_default());
        out.push('\n');
    }
    out
}

fn json_finding(f: &Finding) -> JsonFinding<'_> {
    JsonFinding {
        rule: f.code,
        name: f.name,
        severity: f.severity.as_str(),
        kind: f.kind,
        message: &f.message,
        path: &f.file,
        start: JsonPos {
            line: f.line,
            column: f.column,
        },
        end: JsonPos {
            line: f.end_line,
            column: f.end_column,
        },
        json_pointer: &f.json_pointer,
        sid: f.sid.as_deref(),
        statement_index: f.statement_index,
        host: f.host.as_deref(),
        help: f.help.as_deref(),
        notes: &f.notes,
        fingerprint: f.fingerprint(),
    }
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions workflow commands (`::error file=…,line=…::message`).
pub fn github(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let level = match f.severity {
            super::Severity::Error => "error",
            super::Severity::Warning => "warning",
            super::Severity::Info => "notice",
        };
        let mut message = f.message.clone();
        if let Some(h) = &f.help {
            message.push_str("\nhelp: ");
            message.push_str(h);
        }
        out.push_str(&format!(
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(&f.file),
            f.line,
            f.column,
            f.end_line,
            f.end_column,
            escape_property(&format!("{} {}", f.code, f.name)),
            escape_data(&message)
        ));
    }
    out
}
