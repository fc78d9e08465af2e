//! Scenario files (scenario-format.md): a small AWS world plus requests with expected decisions.
//!
//! `kmspolicy test` runs them, `kmspolicy can` asks one question against a world file, and the
//! engine's own fixtures are written in this format. Loading reports every problem of a file at
//! its line and column; an unknown member is an error, so a typo such as `"expcet"` cannot make a
//! test pass silently.

mod load;

use std::path::Path;

use crate::eval::{authorize, Decision, Request, Response};
use crate::source::Location;
use crate::world::World;
use crate::Error;

pub use load::{load_scenario_file, load_scenario_str};

/// A loaded scenario file.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The file it came from.
    pub path: String,
    /// Its `description`.
    pub description: Option<String>,
    /// Keys, principals and accounts.
    pub world: World,
    /// The cases; `None` for a world file.
    pub cases: Option<Vec<Case>>,
}

/// One request with its expected outcome.
#[derive(Debug, Clone)]
pub struct Case {
    /// `name`, unique within the file.
    pub name: String,
    /// The request.
    pub request: Request<'static>,
    /// `expect`.
    pub expect: Decision,
    /// `expect_error`: `none` or an exception name.
    pub expect_error: Option<String>,
    /// `expect_statements`: Sids or `#N`, checked as a set.
    pub expect_statements: Option<Vec<String>>,
    /// Where the case is written.
    pub location: Location,
}

/// The outcome of one case.
#[derive(Debug, Clone)]
pub struct CaseResult {
    /// The case's name.
    pub name: String,
    /// Where the case is written.
    pub location: Location,
    /// The expected decision.
    pub expect: Decision,
    /// The engine's answer; `Err` when the request could not be decided (bad input).
    pub response: Result<Response, Error>,
    /// Why the case failed; empty when it passed.
    pub failures: Vec<String>,
}

impl CaseResult {
    /// Whether every expectation held.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Runs one case against a world.
pub fn run_case(world: &World, case: &Case) -> CaseResult {
    let response = authorize(world, &case.request);
    let mut failures = Vec::new();
    match &response {
        Err(e) => failures.push(format!("the request could not be decided: {e}")),
        Ok(r) => {
            if r.decision != case.expect {
                failures.push(format!("expected {}, got {}", case.expect, r.decision));
            }
            if let Some(want) = &case.expect_error {
                if *want != r.error_code {
                    failures.push(format!("expected error {want}, got {}", r.error_code));
                }
            }
            if let Some(want) = &case.expect_statements {
                let mut got = r.deciding_labels();
                got.sort();
                got.dedup();
                let mut want = want.clone();
                want.sort();
                want.dedup();
                if got != want {
                    failures.push(format!(
                        "expected deciding statements [{}], got [{}]",
                        want.join(", "),
                        got.join(", ")
                    ));
                }
            }
        }
    }
    CaseResult {
        name: case.name.clone(),
        location: case.location.clone(),
        expect: case.expect,
        response,
        failures,
    }
}

/// Runs every case of a scenario.
pub fn run_scenario(s: &Scenario) -> Vec<CaseResult> {
    s.cases
        .iter()
        .flatten()
        .map(|c| run_case(&s.world, c))
        .collect()
}

/// Every `*.test.json` file under `dir`, recursively, in sorted path order.
pub fn find_test_files(dir: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(".test.json"))
            {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}
