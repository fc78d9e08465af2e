//! `kmspolicy explain RULE` / `kmspolicy explain --all` / `kmspolicy explain --table`: the rule
//! documentation, printed from the registry (the same text SARIF carries and the README table
//! is generated from).

use clap::Args;

use super::EXIT_BAD_INPUT;
use crate::lint::registry::{lookup, RuleMeta, RULES};

/// Arguments of `kmspolicy explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule ID (`KP102`) or name (`condition-does-not-bind-caller`).
    #[arg(required_unless_present_any = ["all", "table"])]
    pub rule: Option<String>,
    /// Every rule, in ID order.
    #[arg(long, conflicts_with = "rule")]
    pub all: bool,
    /// The Markdown rule table of the README.
    #[arg(long, conflicts_with_all = ["rule", "all"])]
    pub table: bool,
}

/// One rule's documentation.
pub fn render(m: &RuleMeta) -> String {
    format!(
        "{} {} ({} · {} · applies to {})\n\n{}\n\n{}",
        m.code,
        m.name,
        m.severity,
        m.group(),
        m.applies.as_str(),
        m.summary,
        m.doc.trim_end()
    )
}

/// The README rule table.
pub fn table() -> String {
    let mut out =
        String::from("| ID | Name | Severity | Applies to | Detects |\n|---|---|---|---|---|\n");
    for r in RULES {
        let m = r.meta();
        out.push_str(&format!(
            "| {} | `{}` | {} | {} | {} |\n",
            m.code,
            m.name,
            m.severity,
            m.applies.as_str(),
            m.summary.replace('|', "\\|")
        ));
    }
    out
}

/// Runs `kmspolicy explain`; returns the exit status.
pub fn explain(args: &ExplainArgs) -> u8 {
    if args.table {
        print!("{}", table());
        return 0;
    }
    if args.all {
        let docs: Vec<String> = RULES.iter().map(|r| render(r.meta())).collect();
        println!("{}", docs.join("\n\n---\n\n"));
        return 0;
    }
    let id = args.rule.as_deref().unwrap_or_default();
    match lookup(id) {
        Some(r) => {
            println!("{}", render(r.meta()));
            0
        }
        None => {
            eprintln!("error: unknown rule `{id}`; `kmspolicy explain --all` lists every rule");
            EXIT_BAD_INPUT
        }
    }
}
