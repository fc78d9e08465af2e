//! The `kmspolicy` binary as users run it: output shape and exit statuses (0 allowed / all
//! passed, 1 denied / a case failed, 2 bad input).

use std::path::PathBuf;
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn kmspolicy(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kmspolicy"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const APP: &str = "arn:aws:sts::111122223333:assumed-role/PaymentsApp/web-1";

#[test]
fn test_command_runs_the_fixtures() {
    let o = kmspolicy(&["test", "fixtures/"]);
    let out = stdout(&o);
    let last = out.lines().last().unwrap_or_default();
    assert!(last.ends_with(" passed, 0 failed"), "{out}");
    let passed: usize = last.split(' ').next().unwrap_or("0").parse().unwrap_or(0);
    assert!(passed >= 250, "{last}");
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn test_command_reports_a_failing_case_and_exits_1() {
    let dir = tempdir("failing");
    let file = dir.join("f.test.json");
    std::fs::write(
        &file,
        r#"{"description": "x", "keys": [{"arn": "arn:aws:kms:us-east-1:111122223333:key/k1"}],
            "cases": [{"name": "root may not", "principal": "arn:aws:iam::111122223333:root", "action": "kms:Decrypt", "expect": "implicitDeny"},
                      {"name": "root may", "principal": "arn:aws:iam::111122223333:root", "action": "kms:Decrypt", "expect": "allowed", "expect_statements": ["Enable IAM User Permissions"]}]}"#,
    )
    .unwrap();
    let o = kmspolicy(&["test", file.to_str().unwrap()]);
    let out = stdout(&o);
    assert!(
        out.contains("FAIL") && out.contains("root may not"),
        "{out}"
    );
    assert!(out.contains("expected implicitDeny, got allowed"), "{out}");
    assert_eq!(out.lines().last(), Some("1 passed, 1 failed"));
    assert_eq!(o.status.code(), Some(1));

    let o = kmspolicy(&["test", "--format", "json", file.to_str().unwrap()]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(doc["passed"], 1);
    assert_eq!(doc["failed"], 1);
    assert_eq!(doc["cases"][0]["actual"], "allowed");
}

#[test]
fn test_command_rejects_a_typo_in_a_scenario_file() {
    let dir = tempdir("typo");
    let file = dir.join("t.test.json");
    std::fs::write(&file, "{\"cases\": [{\"name\": \"n\", \"principal\": \"arn:aws:iam::111122223333:root\",\n \"action\": \"kms:Decrypt\", \"expcet\": \"allowed\"}]}").unwrap();
    let o = kmspolicy(&["test", file.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(
        err.contains("t.test.json:2:27: error: unknown member `expcet`"),
        "{err}"
    );
    assert!(err.contains("did you mean `expect`?"), "{err}");
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn can_explains_an_allowed_decrypt() {
    let o = kmspolicy(&[
        "can",
        "--world",
        "policies/payments.world.json",
        "--principal",
        APP,
        "--action",
        "kms:Decrypt",
        "--resource",
        "alias/payments",
        "--encryption-context",
        "tenant=acme",
    ]);
    let out = stdout(&o);
    assert!(out.contains("decision: allowed"), "{out}");
    assert!(out.contains("policies/payments-key-policy.json:"), "{out}");
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn can_with_a_wrong_encryption_context_names_the_failed_condition() {
    let o = kmspolicy(&[
        "can",
        "--key-policy",
        "policies/require-encryption-context.json",
        "--key-arn",
        "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "--principal",
        "arn:aws:sts::111122223333:assumed-role/AppRole/s1",
        "--action",
        "kms:Decrypt",
        "--encryption-context",
        "tenant=wrong",
    ]);
    let out = stdout(&o);
    assert!(out.contains("decision: implicitDeny"), "{out}");
    assert!(
        out.contains("policies/require-encryption-context.json:"),
        "{out}"
    );
    assert!(out.contains("kms:EncryptionContext:tenant"), "{out}");
    assert_eq!(o.status.code(), Some(1));

    let o = kmspolicy(&[
        "can",
        "--key-policy",
        "policies/require-encryption-context.json",
        "--format",
        "json",
        "--principal",
        "arn:aws:sts::111122223333:assumed-role/AppRole/s1",
        "--action",
        "kms:Decrypt",
        "--encryption-context",
        "tenant=wrong",
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(doc["decision"], "implicitDeny");
    assert_eq!(doc["error_code"], "AccessDeniedException");
}

#[test]
fn can_reports_bad_policies_with_exit_2() {
    let dir = tempdir("bad");
    let cases = [
        ("trailing.json", "{\"Version\": \"2012-10-17\",\n \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"kms:*\", \"Resource\": \"*\"},]}", "trailing.json:2:89: error: trailing comma"),
        ("dup.json", "{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"kms:*\", \"Resource\": \"*\",\n \"Condition\": {}, \"Condition\": {}}}", "dup.json:2:19: error: duplicate member `Condition`"),
        ("op.json", "{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"kms:*\", \"Resource\": \"*\",\n \"Condition\": {\"StringEqualz\": {\"kms:CallerAccount\": \"1\"}}}}", "op.json:2:16: error: unknown condition operator `StringEqualz`"),
    ];
    for (name, text, want) in cases {
        let file = dir.join(name);
        std::fs::write(&file, text).unwrap();
        let o = kmspolicy(&[
            "can",
            "--key-policy",
            file.to_str().unwrap(),
            "--principal",
            APP,
            "--action",
            "kms:Decrypt",
        ]);
        let err = stderr(&o);
        assert!(err.contains(want), "{name}: {err}");
        assert_eq!(o.status.code(), Some(2), "{name}");
    }
    let o = kmspolicy(&[
        "can",
        "--key-policy",
        "does-not-exist.json",
        "--principal",
        APP,
        "--action",
        "kms:Decrypt",
    ]);
    assert!(stderr(&o).contains("cannot read `does-not-exist.json`"));
    assert_eq!(o.status.code(), Some(2));
    let o = kmspolicy(&[
        "can",
        "--world",
        "policies/payments.world.json",
        "--principal",
        APP,
        "--action",
        "kms:Decrypts",
    ]);
    assert!(
        stderr(&o).contains("did you mean `kms:Decrypt`?"),
        "{}",
        stderr(&o)
    );
    assert_eq!(o.status.code(), Some(2));
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kmspolicy-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Starts `kmspolicy eval ARGS` with its three streams piped, and feeds it `input` from another
/// thread (so a large input cannot block on a full output pipe). The feeder returns whether all
/// the input was written: a child that stops early closes its input.
fn spawn_eval(args: &[&str], input: &str) -> (std::process::Child, std::thread::JoinHandle<bool>) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_kmspolicy"))
        .arg("eval")
        .args(args)
        .current_dir(root())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let text = input.to_string();
    let feeder = std::thread::spawn(move || stdin.write_all(text.as_bytes()).is_ok());
    (child, feeder)
}

/// Runs `kmspolicy eval ARGS` with `input` on its standard input, all of which it must read.
fn eval_with(args: &[&str], input: &str) -> std::process::Output {
    let (child, feeder) = spawn_eval(args, input);
    let o = child.wait_with_output().unwrap();
    assert!(
        feeder.join().unwrap(),
        "kmspolicy eval did not read all its input"
    );
    o
}

#[test]
fn eval_answers_json_lines_in_order() {
    let key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let world = "benches/workload/workload-N4.test.json";
    let input = format!(
        "{{\"world\": \"{world}\", \"principal\": \"arn:aws:iam::111122223333:role/KeyUser\", \"action\": \"kms:Decrypt\", \"resource\": \"{key}\", \"encryption_context\": {{\"tenant\": \"acme\"}}}}\n\
         {{\"world\": \"{world}\", \"principal\": \"arn:aws:iam::111122223333:role/Blocked\", \"action\": \"kms:Decrypt\", \"resource\": \"{key}\"}}\n\
         {{\"world\": \"{world}\", \"principal\": \"arn:aws:iam::111122223333:role/KeyUser\", \"action\": \"kms:Decrypts\", \"resource\": \"{key}\"}}\n\
         {{\"world\": \"{world}\", \"principal\": \"arn:aws:iam::111122223333:role/KeyUser\", \"action\": \"kms:Decrypt\", \"resource\": \"{key}\"}}\n"
    );
    for jobs in ["1", "2"] {
        let o = eval_with(&["--stats", "--jobs", jobs], &input);
        let lines: Vec<serde_json::Value> = stdout(&o)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0]["decision"], "allowed");
        assert_eq!(lines[0]["deciding"][0], "KeyUsers");
        assert_eq!(lines[1]["decision"], "explicitDeny");
        assert_eq!(lines[1]["deciding"][0], "DenyBlocked");
        assert_eq!(lines[2]["line"], 3);
        assert!(lines[2]["error"]
            .as_str()
            .unwrap()
            .contains("did you mean `kms:Decrypt`?"));
        assert_eq!(lines[3]["decision"], "implicitDeny");
        assert!(stderr(&o).contains("4 requests (1 bad)"), "{}", stderr(&o));
        assert_eq!(o.status.code(), Some(2));
    }
}

/// 30,000 request lines (several input blocks of `kmspolicy eval`), alternately allowed (even
/// lines) and explicitly denied (odd lines); line 25,000 is not a request.
fn several_blocks_of_requests() -> String {
    let key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let world = "benches/workload/workload-N4.test.json";
    let mut input = String::new();
    for i in 1..=30_000 {
        let principal = if i % 2 == 0 { "KeyUser" } else { "Blocked" };
        if i == 25_000 {
            input.push_str("{\"not\": \"a request\"}\n");
        } else {
            input.push_str(&format!(
                "{{\"world\": \"{world}\", \"principal\": \"arn:aws:iam::111122223333:role/{principal}\", \"action\": \"kms:Decrypt\", \"resource\": \"{key}\", \"encryption_context\": {{\"tenant\": \"acme\"}}}}\n"
            ));
        }
    }
    assert!(input.len() > 3 << 20);
    input
}

/// When its output is closed early (`kmspolicy eval | head`), `kmspolicy eval` stops with an
/// error instead of waiting forever, with one job or several.
#[test]
fn eval_stops_when_its_output_is_closed() {
    use std::io::Read;
    let input = several_blocks_of_requests();
    for jobs in ["1", "2"] {
        // The child may stop before reading all its input: the feeder's result is not checked.
        let (mut child, feeder) = spawn_eval(&["--jobs", jobs], &input);
        let mut first = [0u8; 100];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        // The read end is closed now; the child must notice and exit.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if std::time::Instant::now() > deadline {
                child.kill().unwrap();
                panic!("`kmspolicy eval --jobs {jobs}` kept running after its output closed");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        feeder.join().unwrap();
        assert_eq!(status.code(), Some(2), "--jobs {jobs}");
    }
}

/// Input larger than one block (1 MiB) is answered in order with the right line numbers, and
/// the same by one job as by several.
#[test]
fn eval_keeps_order_and_line_numbers_across_blocks() {
    let input = several_blocks_of_requests();
    let mut outputs = Vec::new();
    for jobs in ["1", "2", "3"] {
        let o = eval_with(&["--jobs", jobs], &input);
        assert_eq!(o.status.code(), Some(2));
        let out = stdout(&o);
        let lines: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 30_000);
        for (i, l) in lines.iter().enumerate() {
            let number = i + 1;
            let expected = match number {
                25_000 => {
                    assert_eq!(l["line"], 25_000);
                    continue;
                }
                n if n % 2 == 0 => "allowed",
                _ => "explicitDeny",
            };
            assert_eq!(l["decision"], expected, "line {number} with {jobs} job(s)");
        }
        outputs.push(out);
    }
    assert!(outputs.windows(2).all(|w| w[0] == w[1]));
}

/// The README's quick start shows what the command prints today.
#[test]
fn readme_quick_start_output_is_current() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let ask = |extra: &[&str]| {
        let mut args = vec![
            "can",
            "--world",
            "policies/payments.world.json",
            "--principal",
            "arn:aws:sts::111122223333:assumed-role/PaymentsApp/web-1",
            "--action",
            "kms:Decrypt",
            "--resource",
            "alias/payments",
        ];
        args.extend_from_slice(extra);
        stdout(&kmspolicy(&args))
    };
    let allowed = ask(&["--encryption-context", "tenant=acme"]);
    assert!(readme.contains(allowed.trim_end()), "{allowed}");
    // The README shows the denial without its first line (the question, as above).
    let denied = ask(&[]);
    let denied = denied.split_once('\n').map_or("", |(_, rest)| rest);
    assert!(readme.contains(denied.trim_end()), "{denied}");
}
