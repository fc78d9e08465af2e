//! `kmspolicy test PATH...`: run scenario files and report every case whose decision differs
//! from the expected one. The last line of human output is exactly `N passed, N failed`.

use std::path::PathBuf;

use clap::Args;

use super::{report, Format, EXIT_BAD_INPUT};
use crate::scenario::{find_test_files, load_scenario_file, run_scenario, CaseResult};
use crate::source::printable;

/// Arguments of `kmspolicy test`.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// Scenario files, or directories searched recursively for `*.test.json`.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(serde::Serialize)]
struct JsonCase<'a> {
    file: &'a str,
    name: &'a str,
    expect: &'a str,
    actual: Option<&'a str>,
    passed: bool,
    failures: &'a [String],
    explanation: Option<&'a crate::Response>,
}

/// Runs `kmspolicy test`; returns the exit status.
pub fn test(args: &TestArgs) -> u8 {
    let mut files = Vec::new();
    let mut bad_input = false;
    for p in &args.paths {
        if p.is_dir() {
            match find_test_files(p) {
                Ok(found) => files.extend(found),
                Err(e) => {
                    eprintln!("error: cannot read directory `{}`: {e}", p.display());
                    bad_input = true;
                }
            }
        } else {
            files.push(p.clone());
        }
    }
    let mut results: Vec<(String, Vec<CaseResult>)> = Vec::new();
    for f in &files {
        match load_scenario_file(f) {
            Ok(s) if s.cases.is_none() => {
                eprintln!("{}: error: the scenario file has no `cases` (a world file is used with `kmspolicy can --world`)", f.display());
                bad_input = true;
            }
            Ok(s) => results.push((s.path.clone(), run_scenario(&s))),
            Err(e) => {
                report(&e);
                bad_input = true;
            }
        }
    }
    let passed = results
        .iter()
        .flat_map(|(_, r)| r)
        .filter(|r| r.passed())
        .count();
    let failed = results
        .iter()
        .flat_map(|(_, r)| r)
        .filter(|r| !r.passed())
        .count();
    match args.format {
        Format::Json => {
            let cases: Vec<JsonCase> = results
                .iter()
                .flat_map(|(file, rs)| {
                    rs.iter().map(move |r| JsonCase {
                        file,
                        name: &r.name,
                        expect: r.expect.as_str(),
                        actual: r.response.as_ref().ok().map(|x| x.decision.as_str()),
                        passed: r.passed(),
                        failures: &r.failures,
                        explanation: r.response.as_ref().ok(),
                    })
                })
                .collect();
            let doc = serde_json::json!({"cases": cases, "passed": passed, "failed": failed});
            println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        }
        Format::Human => {
            for (file, rs) in &results {
                for r in rs.iter().filter(|r| !r.passed()) {
                    let mut text = format!("FAIL {} `{}` ({file})\n", r.location, r.name);
                    for f in &r.failures {
                        text.push_str(&format!("  {f}\n"));
                    }
                    if let Ok(resp) = &r.response {
                        for line in resp.to_string().lines() {
                            text.push_str(&format!("    {line}\n"));
                        }
                    }
                    print!("{}", printable(&text));
                }
            }
            println!("{passed} passed, {failed} failed");
        }
    }
    if bad_input {
        EXIT_BAD_INPUT
    } else if failed > 0 {
        1
    } else {
        0
    }
}
