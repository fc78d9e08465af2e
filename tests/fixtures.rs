//! Runs every scenario file under `fixtures/` through the library: every expected decision, error
//! and deciding statement must hold.

use std::path::Path;

use kmspolicy::scenario::{find_test_files, load_scenario_file, run_scenario};

#[test]
fn every_fixture_case_passes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let files = find_test_files(&root).expect("fixtures/ is readable");
    assert!(!files.is_empty(), "no fixture files found");
    let mut total = 0;
    let mut failures = Vec::new();
    for f in &files {
        let scenario = match load_scenario_file(f) {
            Ok(s) => s,
            Err(e) => {
                failures.push(format!("{}: cannot load:\n{e}", f.display()));
                continue;
            }
        };
        let description = scenario.description.clone().unwrap_or_default();
        assert!(
            description.contains("https://docs.aws.amazon.com/"),
            "{}: the description must name the AWS documentation page it rests on",
            f.display()
        );
        for r in run_scenario(&scenario) {
            total += 1;
            if !r.passed() {
                failures.push(format!(
                    "{} `{}`: {}",
                    r.location,
                    r.name,
                    r.failures.join("; ")
                ));
            }
        }
        // The fast path must agree with the explained one on every case.
        for case in scenario.cases.iter().flatten() {
            let (Ok(full), Ok(fast)) = (
                kmspolicy::authorize(&scenario.world, &case.request),
                kmspolicy::decide(&scenario.world, &case.request),
            ) else {
                continue;
            };
            if (full.decision, full.error_code.as_str()) != (fast.decision, fast.error_code) {
                failures.push(format!(
                    "{} `{}`: authorize says {} / {}, decide says {} / {}",
                    case.location,
                    case.name,
                    full.decision,
                    full.error_code,
                    fast.decision,
                    fast.error_code
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(total >= 250, "only {total} fixture cases");
}

#[test]
fn bundled_policies_parse() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    for entry in std::fs::read_dir(&root).expect("policies/ is readable") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        if name.ends_with(".world.json") || name.ends_with(".test.json") {
            load_scenario_file(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        } else if name.ends_with(".json") {
            let text = std::fs::read_to_string(&path).expect("readable");
            let kind = if text.contains("\"Principal\"") {
                kmspolicy::PolicyKind::Key
            } else {
                kmspolicy::PolicyKind::Identity
            };
            kmspolicy::Policy::parse(&name, &text, kind).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
}
