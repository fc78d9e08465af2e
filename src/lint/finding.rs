//! What the linter reports: one [`Finding`] per problem, located at the smallest offending JSON
//! node of the host file, with a JSON pointer into the policy and the statement's Sid.
//!
//! A finding is plain data (serialisable, comparable) so that every output format — human,
//! concise, JSON, SARIF, GitHub annotations — renders the same facts.

use std::fmt;

/// How serious a finding is (lint-rules.md conventions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Style and hygiene.
    Info,
    /// Likely wrong or risky: needs a human decision.
    Warning,
    /// AWS rejects it, it is definitely broken, or it is a clear security exposure.
    Error,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses the words above.
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A place in a host file: 1-based line and column (in characters), end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Region {
    /// First line.
    pub line: usize,
    /// First column.
    pub column: usize,
    /// Last line.
    pub end_line: usize,
    /// Column just after the last character.
    pub end_column: usize,
}

/// A secondary place that helps explain a finding (for example the condition that does not pin
/// the caller, next to the wildcard principal).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Label {
    /// Where.
    #[serde(flatten)]
    pub region: Region,
    /// What it shows.
    pub message: String,
}

/// One problem found by one rule.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// The stable rule ID, such as `KP102`.
    pub code: &'static str,
    /// The rule's kebab-case name.
    pub name: &'static str,
    /// The severity after configuration.
    pub severity: Severity,
    /// What is wrong: lowercase, user input in backticks.
    pub message: String,
    /// The host file (repository-relative, `/`-separated).
    pub file: String,
    /// 1-based first line.
    pub line: usize,
    /// 1-based first column.
    pub column: usize,
    /// Last line.
    pub end_line: usize,
    /// Column just after the last character.
    pub end_column: usize,
    /// JSON pointer into the policy document.
    pub json_pointer: String,
    /// The statement's `Sid`, when it has one.
    pub sid: Option<String>,
    /// The statement's index (from 0).
    pub statement_index: Option<usize>,
    /// How to fix it.
    pub help: Option<String>,
    /// Further facts.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Secondary places.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<Label>,
    /// The policy kind the rules were applied for (`key`, `identity`, `scp`, `rcp`).
    pub kind: &'static str,
    /// For a policy embedded in a template or plan: the construct holding it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// A short label printed under the caret in human output.
    #[serde(skip)]
    pub caret_label: Option<String>,
}

impl Finding {
    /// The primary region.
    pub fn region(&self) -> Region {
        Region {
            line: self.line,
            column: self.column,
            end_line: self.end_line,
            end_column: self.end_column,
        }
    }

    /// Adds a help line.
    pub fn help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    /// Adds a help line when there is one.
    pub fn help_opt(mut self, help: Option<String>) -> Finding {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    /// Adds a note.
    pub fn note(mut self, note: impl Into<String>) -> Finding {
        self.notes.push(note.into());
        self
    }

    /// Overrides the rule's default severity (for rules whose severity depends on the case).
    pub fn severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }

    /// Sets the label printed under the caret.
    pub fn caret(mut self, label: impl Into<String>) -> Finding {
        self.caret_label = Some(label.into());
        self
    }

    /// The deterministic order of findings: file, line, column, rule, message.
    pub(crate) fn sort_key(&self) -> (&str, usize, usize, &str, &str) {
        (&self.file, self.line, self.column, self.code, &self.message)
    }

    /// A stable fingerprint of the finding: rule, file, JSON pointer and host construct (not the
    /// line, so that edits elsewhere in the file do not change it). FNV-1a, 64 bits, in hex.
    pub fn fingerprint(&self) -> String {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for part in [
            self.code,
            self.file.as_str(),
            self.host.as_deref().unwrap_or(""),
            self.json_pointer.as_str(),
            self.message.as_str(),
        ] {
            for b in part.bytes().chain(std::iter::once(0u8)) {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
        format!("{h:016x}")
    }
}
