//! Arbitrary text through the linter: every rule that applies, then every output format (human
//! with and without colour, concise, JSON, SARIF, GitHub annotations). Nothing may panic, every
//! finding must come from a registered rule and point inside the file, and the JSON and SARIF
//! documents must be valid JSON.
//!
//! The first input byte chooses how the text is read — the file name (raw JSON policy,
//! CloudFormation YAML, `.template`), the forced policy kind, and whether an account and a caller
//! are given (the cross-account and lockout rules use them); the rest is the text.
#![no_main]

use kmspolicy::lint::output::{concise, github, human, json, jsonl, sarif};
use kmspolicy::lint::{lint_text, LintKind, Options, RULES};
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 4] = ["fuzz.json", "fuzz.yaml", "fuzz.template", "plan.json"];
const KINDS: [Option<LintKind>; 5] = [
    None,
    Some(LintKind::Key),
    Some(LintKind::Identity),
    Some(LintKind::Scp),
    Some(LintKind::Rcp),
];

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let name = NAMES[usize::from(mode & 3)];
    let kind = KINDS[usize::from((mode >> 2) & 7) % KINDS.len()];
    let options = Options {
        kind,
        account: (mode & 0x20 != 0).then(|| "111122223333".to_string()),
        caller: (mode & 0x40 != 0).then(|| "arn:aws:iam::111122223333:role/Admin".to_string()),
    };
    let report = lint_text(name, text, &options);

    let lines = text.split('\n').count();
    for f in &report.findings {
        assert!(
            RULES.iter().any(|r| r.meta().code == f.code),
            "finding with an unregistered rule {}",
            f.code
        );
        assert!(f.line >= 1 && f.line <= lines, "line {} of {lines}", f.line);
        assert!(f.end_line >= f.line && f.end_line <= lines);
        assert!(f.column >= 1 && f.end_column >= 1);
        assert!(!f.message.is_empty());
    }

    let _ = human::render(&report, false);
    let _ = human::render(&report, true);
    let _ = concise(&report);
    let _ = github(&report);
    let j = json(&report, &[]);
    assert!(
        serde_json::from_str::<serde_json::Value>(&j).is_ok(),
        "json output is not JSON"
    );
    for line in jsonl(&report).lines() {
        assert!(
            serde_json::from_str::<serde_json::Value>(line).is_ok(),
            "a jsonl line is not JSON"
        );
    }
    let s = sarif::render(&report);
    assert!(
        serde_json::from_str::<serde_json::Value>(&s).is_ok(),
        "sarif output is not JSON"
    );
});
