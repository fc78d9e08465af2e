//! `kmspolicy lint [PATH...]`: lint policies, templates and plans; print findings in the chosen
//! format; exit 0 (nothing at or above `--fail-on`), 1 (findings at or above it) or 2 (usage,
//! configuration or I/O error — the run is incomplete, so never 0).

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::EXIT_BAD_INPUT;
use crate::lint::config::{self, Baseline, Config};
use crate::lint::output::{self, human, sarif};
use crate::lint::{lint_paths, LintKind, Options, Severity};
use crate::source::printable;

/// `--format` of `lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum LintFormat {
    /// rustc-style, with source excerpts.
    #[default]
    Human,
    /// One line per finding: `path:line:col: severity[CODE] message`.
    Concise,
    /// The stable JSON document.
    Json,
    /// JSON Lines: one finding per line.
    Jsonl,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
}

/// `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum FailOn {
    /// Error-level findings fail the run.
    #[default]
    Error,
    /// Warnings and errors fail the run.
    Warning,
    /// Every finding fails the run.
    Info,
    /// Nothing fails the run.
    None,
}

/// `--kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// KMS key policy.
    Key,
    /// IAM identity policy.
    Identity,
    /// Service control policy.
    Scp,
    /// Resource control policy.
    Rcp,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Color {
    /// On a terminal, unless `NO_COLOR` is set.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Arguments of `kmspolicy lint`.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// Policy files, CloudFormation templates, Terraform plans, or directories (searched
    /// recursively). Default: the current directory.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = LintFormat::Human)]
    pub format: LintFormat,
    /// Lowest severity that makes the exit status 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Report only: exit 0 even with findings (still 2 on usage or I/O errors).
    #[arg(long)]
    pub exit_zero: bool,
    /// Read raw policy files as this kind instead of detecting it (`Principal` ⇒ key policy).
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// The key's own account (for cross-account and lockout rules), when the input does not say.
    #[arg(long)]
    pub account: Option<String>,
    /// KP110: the principal that will call `PutKeyPolicy`; checks that it keeps the permission.
    #[arg(long)]
    pub caller: Option<String>,
    /// Configuration file (default: `kmspolicy.toml` in the working directory or a parent).
    #[arg(long, conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore any configuration file.
    #[arg(long)]
    pub no_config: bool,
    /// Baseline of accepted findings (overrides the configuration's `baseline`).
    #[arg(long)]
    pub baseline: Option<PathBuf>,
    /// Write the fingerprints of the current findings to FILE as a baseline, then exit 0.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Colour in human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

fn use_color(c: Color) -> bool {
    match c {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

/// Runs `kmspolicy lint`; returns the exit status.
pub fn lint(args: &LintArgs) -> u8 {
    let config = if args.no_config {
        Config::default()
    } else {
        let path = args
            .config
            .clone()
            .or_else(|| std::env::current_dir().ok().and_then(|d| config::find(&d)));
        match path.map(|p| Config::load(&p)) {
            None => Config::default(),
            Some(Ok(c)) => c,
            Some(Err(e)) => {
                eprintln!("error: {e}");
                return EXIT_BAD_INPUT;
            }
        }
    };
    let baseline_path = args.baseline.clone().or_else(|| config.baseline.clone());
    let baseline = match baseline_path.as_deref().map(Baseline::load) {
        None => None,
        Some(Ok(b)) => Some(b),
        Some(Err(e)) => {
            eprintln!("error: {e}");
            return EXIT_BAD_INPUT;
        }
    };
    let options = Options {
        kind: args.kind.map(|k| match k {
            KindArg::Key => LintKind::Key,
            KindArg::Identity => LintKind::Identity,
            KindArg::Scp => LintKind::Scp,
            KindArg::Rcp => LintKind::Rcp,
        }),
        account: args.account.clone(),
        caller: args.caller.clone(),
    };
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut report = lint_paths(&paths, &options);
    if let Some(file) = &args.write_baseline {
        let b = Baseline::of(&report.findings);
        let text = serde_json::to_string_pretty(&b).unwrap_or_default() + "\n";
        if let Err(e) = std::fs::write(file, text) {
            eprintln!("error: cannot write `{}`: {e}", file.display());
            return EXIT_BAD_INPUT;
        }
        eprintln!(
            "wrote {} fingerprints to {}",
            b.fingerprints.len(),
            file.display()
        );
        return 0;
    }
    let applied = config::apply(&config, baseline.as_ref(), &mut report.findings);
    let unused: Vec<String> = applied
        .unused
        .iter()
        .map(|u| format!("kmspolicy.toml: {u}"))
        .chain(report.unused_suppressions.iter().cloned())
        .collect();
    let text = match args.format {
        LintFormat::Human => human::render(&report, use_color(args.color)),
        LintFormat::Concise => printable(&output::concise(&report)).into_owned(),
        LintFormat::Json => output::json(&report, &unused),
        LintFormat::Jsonl => output::jsonl(&report),
        LintFormat::Sarif => sarif::render(&report),
        LintFormat::Github => printable(&output::github(&report)).into_owned(),
    };
    print!("{text}");
    for u in &unused {
        eprintln!("info: unused ignore: {}", printable(u));
    }
    if applied.baselined > 0 {
        eprintln!(
            "note: {} finding(s) accepted by the baseline",
            applied.baselined
        );
    }
    for e in &report.errors {
        eprintln!("error: {e}");
    }
    if !report.errors.is_empty() {
        return EXIT_BAD_INPUT;
    }
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::None => None,
    };
    let failing = threshold.is_some_and(|t| report.findings.iter().any(|f| f.severity >= t));
    u8::from(failing && !args.exit_zero)
}
