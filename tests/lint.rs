//! `kmspolicy lint`: every rule's fixtures (one that triggers it, one that must not), an insta
//! snapshot of each rule's rendered human diagnostic, the issue's acceptance cases (KP102 at the
//! principal, SARIF valid against the 2.1.0 schema, a CloudFormation YAML typo located in the
//! template, `policies/` clean), a Terraform plan located in the plan file, configuration, and exit
//! statuses.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use kmspolicy::lint::output::{human, sarif};
use kmspolicy::lint::{lint_paths, Options, Report, Severity, RULES};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn kmspolicy(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kmspolicy"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures/lint"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Lints one fixture, with paths relative to the repository root as users see them.
fn lint_fixture(path: &Path) -> Report {
    // `cargo test` runs in the package root, so the relative path resolves.
    let rel = path.strip_prefix(root()).unwrap();
    lint_paths(&[rel.to_path_buf()], &Options::default())
}

fn rule_of(path: &Path) -> (String, bool) {
    let name = path.file_name().unwrap().to_str().unwrap();
    let (code, rest) = name.split_once('_').unwrap();
    (code.to_string(), rest.starts_with("bad"))
}

#[test]
fn every_rule_has_a_bad_and_an_ok_fixture() {
    let files = fixtures();
    for r in RULES {
        let code = r.meta().code;
        for kind in ["bad", "ok"] {
            assert!(
                files.iter().any(|f| {
                    let (c, bad) = rule_of(f);
                    c == code && bad == (kind == "bad")
                }),
                "{code} has no `{kind}` fixture in fixtures/lint/"
            );
        }
    }
}

#[test]
fn bad_fixtures_trigger_their_rule_and_ok_fixtures_do_not() {
    for f in fixtures() {
        let (code, bad) = rule_of(&f);
        let report = lint_fixture(&f);
        assert!(
            report.errors.is_empty(),
            "{}: {:?}",
            f.display(),
            report.errors
        );
        let hits: Vec<_> = report.findings.iter().filter(|x| x.code == code).collect();
        if bad {
            assert!(
                !hits.is_empty(),
                "{} does not trigger {code}: {:#?}",
                f.display(),
                report.findings
            );
        } else {
            assert!(
                hits.is_empty(),
                "{} triggers {code}: {:#?}",
                f.display(),
                hits
            );
        }
    }
}

#[test]
fn snapshots_of_each_rules_rendered_diagnostic() {
    for f in fixtures() {
        let (code, bad) = rule_of(&f);
        if !bad {
            continue;
        }
        let report = lint_fixture(&f);
        let rendered: Vec<String> = report
            .findings
            .iter()
            .filter(|x| x.code == code)
            .map(|x| human::render_one(x, report.sources.get(&x.file).map(|s| &**s), false))
            .collect();
        let name = f.file_stem().unwrap().to_str().unwrap().to_string();
        insta::assert_snapshot!(name, rendered.join("\n"));
    }
}

#[test]
fn kp102_is_reported_at_the_wildcard_principal() {
    let report = lint_fixture(&root().join("fixtures/lint/KP102_bad_via_service_only.json"));
    let f = report
        .findings
        .iter()
        .find(|f| f.code == "KP102")
        .expect("KP102");
    assert_eq!((f.line, f.column, f.end_column), (14, 28, 31));
    assert_eq!(f.json_pointer, "/Statement/1/Principal/AWS");
    assert_eq!(f.sid.as_deref(), Some("UseViaS3"));
    assert_eq!(f.statement_index, Some(1));
    assert_eq!(f.severity, Severity::Error);
    assert!(report.findings.iter().all(|x| x.code != "KP101"));
}

#[test]
fn sarif_output_validates_against_the_sarif_2_1_0_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for fixture in [
        "KP102_bad_via_service_only.json",
        "KP010_bad_cfn_typo.yaml",
        "KP001_bad_trailing_comma.json",
    ] {
        let report = lint_fixture(&root().join("fixtures/lint").join(fixture));
        let doc: serde_json::Value = serde_json::from_str(&sarif::render(&report)).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{e} at {}", e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{fixture}: {errors:#?}");
        let result = &doc["runs"][0]["results"][0];
        assert_eq!(result["locations"].as_array().map(Vec::len), Some(1));
        assert!(result["partialFingerprints"]["kmspolicy/v1"].is_string());
    }
    // The rule metadata covers every rule, and security rules carry a security-severity.
    let report = lint_fixture(&root().join("fixtures/lint/KP102_bad_via_service_only.json"));
    let doc: serde_json::Value = serde_json::from_str(&sarif::render(&report)).unwrap();
    let rules = doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(rules.len(), RULES.len());
    let kp102 = rules.iter().find(|r| r["id"] == "KP102").unwrap();
    assert_eq!(kp102["properties"]["security-severity"], "9.0");
}

#[test]
fn cloudformation_yaml_typo_is_located_in_the_template() {
    let report = lint_fixture(&root().join("fixtures/lint/KP010_bad_cfn_typo.yaml"));
    let f = report
        .findings
        .iter()
        .find(|f| f.code == "KP010")
        .expect("KP010");
    assert_eq!(f.file, "fixtures/lint/KP010_bad_cfn_typo.yaml");
    assert_eq!((f.line, f.column), (24, 17));
    assert_eq!(f.help.as_deref(), Some("did you mean `kms:Decrypt`?"));
    assert_eq!(
        f.host.as_deref(),
        Some("Resources.AppKey.Properties.KeyPolicy")
    );
    assert_eq!(f.json_pointer, "/Statement/1/Action/0");
}

#[test]
fn bundled_policies_are_clean_at_error_level() {
    let o = kmspolicy(&["lint", "policies/"], &root());
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn explain_all_lists_every_rule() {
    let o = kmspolicy(&["explain", "--all"], &root());
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout);
    for r in RULES {
        assert!(
            out.contains(&format!("{} {}", r.meta().code, r.meta().name)),
            "{}",
            r.meta().code
        );
    }
    let o = kmspolicy(&["explain", "KP102"], &root());
    assert!(String::from_utf8_lossy(&o.stdout).contains("## Why"));
    assert_eq!(
        kmspolicy(&["explain", "KP999"], &root()).status.code(),
        Some(2)
    );
}

#[test]
fn exit_statuses_follow_fail_on_and_exit_zero() {
    let bad = "fixtures/lint/KP102_bad_via_service_only.json";
    let warn = "fixtures/lint/KP003_bad_no_version.json";
    let r = root();
    assert_eq!(kmspolicy(&["lint", bad], &r).status.code(), Some(1));
    assert_eq!(
        kmspolicy(&["lint", "--exit-zero", bad], &r).status.code(),
        Some(0)
    );
    assert_eq!(kmspolicy(&["lint", warn], &r).status.code(), Some(0));
    assert_eq!(
        kmspolicy(&["lint", "--fail-on", "warning", warn], &r)
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        kmspolicy(&["lint", "no-such-file.json"], &r).status.code(),
        Some(2)
    );
    // A syntax error is a finding (exit 1), not a tool error.
    assert_eq!(
        kmspolicy(&["lint", "fixtures/lint/KP001_bad_trailing_comma.json"], &r)
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn output_formats() {
    let r = root();
    let bad = "fixtures/lint/KP102_bad_via_service_only.json";
    let concise =
        String::from_utf8_lossy(&kmspolicy(&["lint", "--format", "concise", bad], &r).stdout)
            .into_owned();
    // One line per finding; the error comes first (line 14), hygiene notes may follow.
    assert_eq!(
        concise.lines().next(),
        Some("fixtures/lint/KP102_bad_via_service_only.json:14:28: error[KP102] key policy statement \"UseViaS3\" is effectively public")
    );
    assert!(concise
        .lines()
        .all(|l| l.starts_with("fixtures/lint/KP102_bad_via_service_only.json:")));
    let json: serde_json::Value =
        serde_json::from_slice(&kmspolicy(&["lint", "--format", "json", bad], &r).stdout).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["findings"][0]["rule"], "KP102");
    assert_eq!(json["findings"][0]["start"]["line"], 14);
    assert_eq!(json["summary"]["error"], 1);
    // JSON Lines: the same finding objects, one compact object per line.
    let jsonl = String::from_utf8_lossy(&kmspolicy(&["lint", "--format", "jsonl", bad], &r).stdout)
        .into_owned();
    let lines: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines.as_slice(),
        json["findings"].as_array().unwrap().as_slice()
    );
    let gh = String::from_utf8_lossy(&kmspolicy(&["lint", "--format", "github", bad], &r).stdout)
        .into_owned();
    assert!(
        gh.starts_with(
            "::error file=fixtures/lint/KP102_bad_via_service_only.json,line=14,col=28,"
        ),
        "{gh}"
    );
    let version = String::from_utf8_lossy(&kmspolicy(&["--version"], &r).stdout).into_owned();
    assert!(
        version.contains("iam-data") && version.contains("data date"),
        "{version}"
    );
}

#[test]
fn configuration_overrides_ignores_and_baseline() {
    let dir = std::env::temp_dir().join(format!("kmspolicy-lint-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        root().join("fixtures/lint/KP102_bad_via_service_only.json"),
        dir.join("key.json"),
    )
    .unwrap();
    std::fs::copy(
        root().join("fixtures/lint/KP003_bad_no_version.json"),
        dir.join("old.json"),
    )
    .unwrap();
    // Severity override and an ignore with a reason; one ignore matches nothing.
    std::fs::write(
        dir.join("kmspolicy.toml"),
        "[rules]\nmissing-version = \"error\"\n\n[[ignore]]\nrule = \"KP102\"\npath = \"key.json\"\nsid = \"UseViaS3\"\nreason = \"S3 access point reviewed\"\n\n[[ignore]]\nrule = \"KP101\"\nreason = \"stale\"\n",
    )
    .unwrap();
    let o = kmspolicy(
        &["lint", "--format", "concise", "key.json", "old.json"],
        &dir,
    );
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(!out.contains("KP102"), "{out}");
    assert!(out.contains("error[KP003]"), "{out}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("ignore #2 (KP101) matched no finding"));
    assert_eq!(o.status.code(), Some(1));
    // An ignore without a reason is a configuration error.
    std::fs::write(dir.join("kmspolicy.toml"), "[[ignore]]\nrule = \"KP102\"\n").unwrap();
    assert_eq!(
        kmspolicy(&["lint", "key.json"], &dir).status.code(),
        Some(2)
    );
    // A baseline accepts today's findings.
    std::fs::remove_file(dir.join("kmspolicy.toml")).unwrap();
    assert_eq!(
        kmspolicy(&["lint", "--write-baseline", "base.json", "key.json"], &dir)
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        kmspolicy(&["lint", "--baseline", "base.json", "key.json"], &dir)
            .status
            .code(),
        Some(0)
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// The text of `path` at a finding's 1-based line and columns (end exclusive).
fn text_at(path: &Path, line: usize, column: usize, end_column: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let l = text.lines().nth(line - 1).unwrap();
    l.chars()
        .skip(column - 1)
        .take(end_column - column)
        .collect()
}

#[test]
fn terraform_plan_findings_are_located_in_the_plan_file() {
    // A `terraform show -json` plan: the key policy and the IAM policy are JSON strings.
    let plan = root().join("fixtures/lint/terraform/app.plan.json");
    let report = lint_fixture(&plan);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.policies, 2);

    let f = report
        .findings
        .iter()
        .find(|f| f.code == "KP102")
        .expect("KP102 in the key policy");
    assert_eq!(f.file, "fixtures/lint/terraform/app.plan.json");
    assert_eq!(
        (f.line, f.column, f.end_line, f.end_column),
        (23, 295, 23, 300)
    );
    // The span is the escaped `"*"` inside the policy string, as written in the plan.
    assert_eq!(text_at(&plan, f.line, f.column, f.end_column), r#"\"*\""#);
    assert_eq!(f.host.as_deref(), Some("aws_kms_key.app.policy"));
    assert_eq!(f.json_pointer, "/Statement/1/Principal/AWS");
    assert_eq!(f.sid.as_deref(), Some("UseViaS3"));
    assert_eq!(f.kind, "key");

    let f = report
        .findings
        .iter()
        .find(|f| f.code == "KP014")
        .expect("KP014 in the IAM policy");
    assert_eq!((f.line, f.column), (38, 152));
    assert_eq!(
        text_at(&plan, f.line, f.column, f.end_column),
        r#"\"1234abcd-12ab-34cd-56ef-1234567890ab\""#
    );
    assert_eq!(f.host.as_deref(), Some("aws_iam_policy.app.policy"));
    assert_eq!(f.json_pointer, "/Statement/0/Resource");
    assert_eq!(f.kind, "identity");
    // The reader's generic KP013 is not reported a second time at the same place.
    assert!(report.findings.iter().all(|f| f.code != "KP013"));

    // The CLI reports the same place and fails the run.
    let o = kmspolicy(
        &[
            "lint",
            "--format",
            "concise",
            "fixtures/lint/terraform/app.plan.json",
        ],
        &root(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains(
        "fixtures/lint/terraform/app.plan.json:23:295: error[KP102] key policy statement \"UseViaS3\" is effectively public"
    ));
}

/// lint-rules.md §4.5: a CloudFormation resource accepts a finding in its own `Metadata`, with a
/// reason; the entry covers that resource only, an entry that matched nothing is reported, and an
/// entry without a reason stops the run.
#[test]
fn section_4_5_template_metadata_suppresses_findings_of_its_resource() {
    let report = lint_fixture(&root().join("fixtures/lint/suppressions/template.yaml"));
    let kp402: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.code == "KP402")
        .map(|f| f.host.as_deref().unwrap_or_default())
        .collect();
    assert_eq!(kp402, ["Resources.OtherKey"], "{:#?}", report.findings);
    assert_eq!(
        report.unused_suppressions.len(),
        1,
        "{:?}",
        report.unused_suppressions
    );
    assert!(report.unused_suppressions[0].contains("KP401"));
    assert!(report.errors.is_empty(), "{:?}", report.errors);

    let o = kmspolicy(
        &[
            "lint",
            "--format",
            "json",
            "fixtures/lint/suppressions/template.yaml",
        ],
        &root(),
    );
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(json["unused_ignores"][0]
        .as_str()
        .unwrap()
        .starts_with("fixtures/lint/suppressions/template.yaml:15:13: the suppression of KP401"));

    let o = kmspolicy(
        &["lint", "fixtures/lint/suppressions/no-reason.yaml"],
        &root(),
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no-reason.yaml:9:13: an ignore entry of `AppKey` needs a `rule` and a non-empty `reason`"),
        "{err}"
    );
}
