//! The command-line interface: argument definitions and dispatch. Each subcommand lives in its
//! own file and only calls the library's public API.

mod can;
mod eval;
mod explain;
mod lint;
mod test;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

pub use can::CanArgs;
pub use eval::EvalArgs;
pub use explain::ExplainArgs;
pub use lint::LintArgs;
pub use test::TestArgs;

/// Decide offline, exactly as AWS does, whether a request to AWS KMS is allowed.
#[derive(Debug, Parser)]
#[command(
    name = "kmspolicy",
    version = concat!(env!("CARGO_PKG_VERSION"), " (KMS data: ", include_str!("../../data/snapshot.txt"), ")"),
    about
)]
pub struct Cli {
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run scenario files (`*.test.json`) and check every expected decision.
    Test(TestArgs),
    /// Ask one question: can this principal perform this action on this key, and why (not)?
    Can(Box<CanArgs>),
    /// Decide requests in bulk: JSON Lines on stdin, one answer per line on stdout.
    Eval(EvalArgs),
    /// Lint key policies and KMS-touching IAM policies (raw JSON, CloudFormation, Terraform plans).
    Lint(Box<LintArgs>),
    /// Print the documentation of a lint rule (`explain KP102`, `explain --all`).
    Explain(ExplainArgs),
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// For people.
    #[default]
    Human,
    /// One JSON document.
    Json,
}

/// Exit status 2: bad input or usage.
pub const EXIT_BAD_INPUT: u8 = 2;

/// Runs the CLI and returns the process exit status.
pub fn run(cli: Cli) -> ExitCode {
    let code = match cli.command {
        Command::Test(args) => test::test(&args),
        Command::Can(args) => can::can(&args),
        Command::Eval(args) => eval::eval(&args),
        Command::Lint(args) => lint::lint(&args),
        Command::Explain(args) => explain::explain(&args),
    };
    ExitCode::from(code)
}

/// Prints every diagnostic of a bad-input error to stderr.
pub(crate) fn report(e: &crate::Error) {
    eprintln!("{e}");
}
