//! The thin `kmspolicy` binary: parse arguments, hand over to the library's CLI module.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match kmspolicy::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                kmspolicy::cli::EXIT_BAD_INPUT
            } else {
                0
            });
        }
    };
    kmspolicy::cli::run(cli)
}
