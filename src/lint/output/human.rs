//! The human format, after rustc: `severity[CODE]: message`, an arrow to `path:line:col`, the
//! source line with a caret under the offending text (and secondary labels), then notes and
//! help. Colour only when asked for (the CLI decides: a terminal, `NO_COLOR` unset).

use crate::lint::finding::{Finding, Severity};
use crate::lint::Report;
use crate::source::{printable, Source};

/// Longest source line shown whole; longer lines (a one-line Terraform plan) are cut around the
/// span.
const MAX_LINE: usize = 120;

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn severity(&self, sev: Severity, s: &str) -> String {
        let code = match sev {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
        };
        self.wrap(code, s)
    }
    fn gutter(&self, s: &str) -> String {
        self.wrap("1;34", s)
    }
    fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
}

/// Renders every finding, then a summary line.
pub fn render(report: &Report, color: bool) -> String {
    let mut out = String::new();
    for f in &report.findings {
        out.push_str(&render_one(
            f,
            report.sources.get(&f.file).map(|s| &**s),
            color,
        ));
        out.push('\n');
    }
    let (e, w, i) = report.counts();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    out.push_str(&format!(
        "{}, {}, {} in {} ({} checked)\n",
        plural(e, "error"),
        plural(w, "warning"),
        plural(i, "info"),
        plural(report.files, "file"),
        plural(report.policies, "policy document"),
    ));
    out
}

/// Cuts `line` to at most [`MAX_LINE`] characters around columns `[from, to)` (1-based); returns
/// the shown text and the 0-based character offset of its first character in the line.
fn window(line: &str, from: usize, to: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= MAX_LINE {
        return (line.to_string(), 0);
    }
    let start = from.saturating_sub(1).saturating_sub(40);
    let end = (to.max(from) + 40).min(chars.len()).max(start + 1);
    let end = end.min(start + MAX_LINE).max(start);
    let shown: String = chars
        .get(start..end)
        .map(|c| c.iter().collect())
        .unwrap_or_default();
    (shown, start)
}

/// Renders one finding (no trailing blank line).
pub fn render_one(f: &Finding, source: Option<&Source>, color: bool) -> String {
    let p = Paint { on: color };
    let mut out = format!(
        "{}{}\n",
        p.severity(f.severity, &format!("{}[{}]", f.severity, f.code)),
        p.bold(&format!(": {}", printable(&f.message)))
    );
    let mut lines: Vec<usize> = vec![f.line];
    lines.extend(f.labels.iter().map(|l| l.region.line));
    lines.sort_unstable();
    lines.dedup();
    let width = lines.last().copied().unwrap_or(1).to_string().len();
    let pad = " ".repeat(width);
    out.push_str(&format!(
        "{pad}{} {}:{}:{}\n",
        p.gutter("-->"),
        f.file,
        f.line,
        f.column
    ));
    if let Some(host) = &f.host {
        out.push_str(&format!("{pad} {} in {host}\n", p.gutter("=")));
    }
    if let Some(src) = source {
        out.push_str(&format!("{pad} {}\n", p.gutter("|")));
        let mut prev: Option<usize> = None;
        for line in &lines {
            if prev.is_some_and(|pl| *line > pl + 1) {
                out.push_str(&format!("{}\n", p.gutter("...")));
            }
            prev = Some(*line);
            let text = src.line_text(*line);
            // Marks on this line: (from, to, primary, label).
            let mut marks: Vec<(usize, usize, bool, Option<&str>)> = Vec::new();
            if *line == f.line {
                let to = if f.end_line == f.line {
                    f.end_column
                } else {
                    text.chars().count() + 1
                };
                marks.push((f.column, to, true, f.caret_label.as_deref()));
            }
            for l in f.labels.iter().filter(|l| l.region.line == *line) {
                let to = if l.region.end_line == l.region.line {
                    l.region.end_column
                } else {
                    text.chars().count() + 1
                };
                marks.push((l.region.column, to, false, Some(l.message.as_str())));
            }
            let lo = marks.iter().map(|m| m.0).min().unwrap_or(1);
            let hi = marks.iter().map(|m| m.1).max().unwrap_or(lo);
            let (shown, offset) = window(text, lo, hi);
            out.push_str(&format!(
                "{} {} {}\n",
                p.gutter(&format!("{line:>width$}")),
                p.gutter("|"),
                printable(&shown).replace('\t', " ")
            ));
            for (from, to, primary, label) in marks {
                let start = from.saturating_sub(1).saturating_sub(offset);
                let len = to
                    .saturating_sub(from)
                    .max(1)
                    .min(shown.chars().count().saturating_sub(start).max(1));
                let ch = if primary { "^" } else { "-" };
                let underline = ch.repeat(len);
                let underline = match label {
                    Some(l) => format!("{underline} {l}"),
                    None => underline,
                };
                let painted = if primary {
                    p.severity(f.severity, &underline)
                } else {
                    p.gutter(&underline)
                };
                out.push_str(&format!(
                    "{pad} {} {}{}\n",
                    p.gutter("|"),
                    " ".repeat(start),
                    painted
                ));
            }
        }
        out.push_str(&format!("{pad} {}\n", p.gutter("|")));
    }
    for n in &f.notes {
        out.push_str(&format!("{pad} {} note: {n}\n", p.gutter("=")));
    }
    if let Some(h) = &f.help {
        out.push_str(&format!("{pad} {} help: {h}\n", p.gutter("=")));
    }
    out.push_str(&format!(
        "{pad} {} see: kmspolicy explain {}\n",
        p.gutter("="),
        f.code
    ));
    out
}
