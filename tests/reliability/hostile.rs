//! Hostile input: huge and deeply nested documents, many statements and condition values,
//! backtracking wildcards, numbers out of range, invalid UTF-8 and NUL bytes.

use super::*;

/// A 100 MB document is refused on its size alone (the limit is 16 MiB) by the JSON reader and
/// by the policy parser, before the text is copied or indexed, with a clear error at 1:1.
#[test]
fn a_100_mb_document_is_rejected_by_its_size() {
    let huge = padded(100 << 20);
    let e = kmspolicy::json::parse(&huge, kmspolicy::json::Limits::default()).unwrap_err();
    assert!(
        e.message.contains("more than the limit of 16777216 bytes"),
        "{}",
        e.message
    );
    let e = Policy::parse("big.json", &huge, PolicyKind::Key).unwrap_err();
    let expected = format!(
        "big.json:1:1: error: document is {} bytes, more than the limit of 16777216 bytes",
        huge.len()
    );
    assert!(message(&e).starts_with(&expected), "{e}");
}

/// The scenario loader refuses a 100 MB document the same way.
#[test]
fn a_scenario_over_the_size_limit_is_rejected() {
    let e = load_scenario_str(
        "big.test.json",
        &padded(100 << 20),
        std::path::Path::new("."),
    )
    .unwrap_err();
    assert!(message(&e).contains("more than the limit"), "{e}");
}

/// The linter reports a document over the size limit as KP001 (it checks the size before it
/// copies or indexes the text; README "Reliability" has the 100 MB figures).
#[test]
fn a_lint_input_over_the_size_limit_is_a_finding() {
    let report = lint_text("big.json", &padded(16 << 20), &LintOptions::default());
    assert!(report
        .findings
        .iter()
        .any(|f| f.code == "KP001" && f.message.contains("more than the limit")));
}

/// Nesting 10,000 levels deep (arrays, objects, in JSON and in YAML) is refused at the depth
/// limit with the place where it was exceeded — no stack overflow.
#[test]
fn nesting_10000_deep_is_rejected_at_the_depth_limit() {
    let arrays = format!(
        r#"{{"Version": "2012-10-17", "Statement": {}{}}}"#,
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let objects = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Condition": {}1{}}}]}}"#,
        r#"{"a": "#.repeat(10_000),
        "}".repeat(10_000)
    );
    for text in [&arrays, &objects] {
        let e = Policy::parse("deep.json", text, PolicyKind::Key).unwrap_err();
        let m = message(&e);
        assert!(m.contains("nesting deeper than 64 levels"), "{m}");
        assert!(m.starts_with("deep.json:1:"), "{m}");
        let e = load_scenario_str("deep.test.json", text, std::path::Path::new(".")).unwrap_err();
        assert!(message(&e).contains("nesting deeper than"));
        let report = lint_text("deep.json", text, &LintOptions::default());
        assert!(report.findings.iter().any(|f| f.code == "KP001"));
    }
    let yaml = format!("Statement: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let report = lint_text("deep.yaml", &yaml, &LintOptions::default());
    assert!(report
        .findings
        .iter()
        .any(|f| f.code == "KP001" && f.message.contains("recursion limit")));
}

/// A key policy of 10,000 statements (KMS itself caps key policies at 32 KB; the engine does
/// not) loads and is decided correctly, through the principal index and by the linear scan.
#[test]
fn a_10000_statement_key_policy_loads_and_decides() {
    let mut statements: Vec<String> = (0..10_000)
        .map(|i| {
            format!(
                r#"{{"Sid": "R{i}", "Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::111122223333:role/R{i}"}}, "Action": "kms:Decrypt", "Resource": "*", "Condition": {{"StringEquals": {{"kms:EncryptionContext:tenant": "t{i}"}}}}}}"#
            )
        })
        .collect();
    statements.push(
        r#"{"Sid": "NoDeletion", "Effect": "Deny", "Principal": "*", "Action": "kms:ScheduleKeyDeletion", "Resource": "*"}"#.into(),
    );
    let w = key_world(&doc(&statements.join(",\n")));
    assert_eq!(w.keys()[0].policy.statements.len(), 10_001);
    let role = |i: usize, action: &str, tenant: &str| {
        Request::builder()
            .principal(format!("arn:aws:sts::111122223333:assumed-role/R{i}/s"))
            .action(action)
            .resource(KEY)
            .encryption_context("tenant", tenant)
            .build()
            .unwrap()
            .into_owned()
    };
    let r = check(&w, &role(7_321, "kms:Decrypt", "t7321"));
    assert_eq!(r.decision, Decision::Allowed);
    assert_eq!(r.deciding_labels(), ["R7321"]);
    assert_eq!(
        check(&w, &role(7_321, "kms:Decrypt", "t7322")).decision,
        Decision::ImplicitDeny
    );
    assert_eq!(
        check(&w, &role(10_001, "kms:Decrypt", "t1")).decision,
        Decision::ImplicitDeny
    );
    assert_eq!(
        check(&w, &role(9_999, "kms:ScheduleKeyDeletion", "t9999")).decision,
        Decision::ExplicitDeny
    );
}

/// Patterns built for backtracking (`*a*a*a…*b`) against 100,000-character values: the
/// matcher is linear, so these finish at once, and the answers are right.
#[test]
fn backtracking_wildcards_are_matched_in_linear_time() {
    let evil = format!("{}*b", "*a".repeat(40));
    let long_a = "a".repeat(100_000);
    let long_ab = format!("{long_a}b");

    // StringLike on a request value.
    let w = key_world(&doc(&format!(
        r#"{{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {{"StringLike": {{"kms:EncryptionContext:tenant": "{evil}"}}}}}}"#
    )));
    let q = |t: &str| {
        app("kms:Decrypt")
            .encryption_context("tenant", t)
            .build()
            .unwrap()
            .into_owned()
    };
    assert_eq!(check(&w, &q(&long_a)).decision, Decision::ImplicitDeny);
    assert_eq!(check(&w, &q(&long_ab)).decision, Decision::Allowed);

    // ArnLike on the resource part of an ARN.
    let w = key_world(&doc(&format!(
        r#"{{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {{"ArnLike": {{"aws:SourceArn": "arn:aws:s3:::{evil}"}}}}}}"#
    )));
    let q = |bucket: &str| {
        app("kms:Decrypt")
            .context("aws:SourceArn", format!("arn:aws:s3:::{bucket}"))
            .build()
            .unwrap()
    };
    assert_eq!(check(&w, &q(&long_a)).decision, Decision::ImplicitDeny);
    assert_eq!(check(&w, &q(&long_ab)).decision, Decision::Allowed);

    // Resource patterns against a key whose id is 100,000 characters long.
    for (key_id, want) in [
        (&long_a, Decision::ImplicitDeny),
        (&long_ab, Decision::Allowed),
    ] {
        let arn = format!("arn:aws:kms:us-east-1:111122223333:key/{key_id}");
        let p = doc(&format!(
            r#"{{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:111122223333:key/{evil}"}}"#
        ));
        let mut w = World::new();
        w.add_key(Key::new(&arn, Policy::parse("kp.json", &p, PolicyKind::Key).unwrap()).unwrap());
        let q = Request::builder()
            .principal(APP)
            .action("kms:Decrypt")
            .resource(arn)
            .build()
            .unwrap();
        assert_eq!(check(&w, &q).decision, want);
    }

    // Action patterns: a long wildcard pattern in Action and NotAction.
    let pattern = format!("kms:{}*t", "*e".repeat(200));
    let w = key_world(&doc(&format!(
        r#"{{"Effect": "Allow", "Principal": "*", "Action": "{pattern}", "Resource": "*"}},
           {{"Effect": "Deny", "Principal": "*", "NotAction": ["{pattern}", "kms:De*"], "Resource": "*"}}"#
    )));
    assert_eq!(
        check(&w, &app("kms:Decrypt").build().unwrap()).decision,
        Decision::ImplicitDeny
    );
    assert_eq!(
        check(&w, &app("kms:Encrypt").build().unwrap()).decision,
        Decision::ExplicitDeny
    );
    let w = key_world(&doc(&format!(
        r#"{{"Effect": "Allow", "Principal": "*", "Action": "kms:{}*y", "Resource": "*"}}"#,
        "*e".repeat(200)
    )));
    assert_eq!(
        check(&w, &app("kms:DescribeKey").build().unwrap()).decision,
        Decision::ImplicitDeny
    );
    let w = key_world(&doc(
        r#"{"Effect": "Allow", "Principal": "*", "Action": "kms:*e*e*y", "Resource": "*"}"#,
    ));
    assert_eq!(
        check(&w, &app("kms:DescribeKey").build().unwrap()).decision,
        Decision::Allowed
    );
    assert_eq!(
        check(&w, &app("kms:Encrypt").build().unwrap()).decision,
        Decision::ImplicitDeny
    );
}

/// 10,000 values under one condition key: ORed for positive operators, ANDed for negated ones,
/// for strings, IP ranges and set operators.
#[test]
fn ten_thousand_condition_values() {
    let values: Vec<String> = (0..10_000).map(|i| format!("v{i}")).collect();
    let list = serde_json::to_string(&values).unwrap();
    let ips: Vec<String> = (0..10_000)
        .map(|i| format!("10.{}.{}.1/32", i / 256, i % 256))
        .collect();
    let ip_list = serde_json::to_string(&ips).unwrap();
    let w = key_world(&doc(&format!(
        r#"{{"Sid": "Tenants", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {{"StringEquals": {{"kms:EncryptionContext:tenant": {list}}}}}}},
           {{"Sid": "NotTenants", "Effect": "Deny", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {{"StringNotEquals": {{"kms:EncryptionContext:other": {list}}}, "Null": {{"kms:EncryptionContext:other": "false"}}}}}},
           {{"Sid": "Ranges", "Effect": "Allow", "Principal": "*", "Action": "kms:Encrypt", "Resource": "*", "Condition": {{"IpAddress": {{"aws:SourceIp": {ip_list}}}}}}},
           {{"Sid": "Keys", "Effect": "Allow", "Principal": "*", "Action": "kms:GenerateDataKey", "Resource": "*", "Condition": {{"ForAllValues:StringEquals": {{"kms:EncryptionContextKeys": {list}}}, "Null": {{"kms:EncryptionContextKeys": "false"}}}}}}"#
    )));
    let ec = |action: &str, pairs: &[(&str, &str)]| {
        let mut b = app(action);
        for (k, v) in pairs {
            b = b.encryption_context(*k, *v);
        }
        b.build().unwrap().into_owned()
    };
    let d = |q: &Request| check(&w, q).decision;
    assert_eq!(
        d(&ec("kms:Decrypt", &[("tenant", "v9999")])),
        Decision::Allowed
    );
    assert_eq!(
        d(&ec("kms:Decrypt", &[("tenant", "v10000")])),
        Decision::ImplicitDeny
    );
    assert_eq!(
        d(&ec("kms:Decrypt", &[("tenant", "v1"), ("other", "v5000")])),
        Decision::Allowed
    );
    assert_eq!(
        d(&ec("kms:Decrypt", &[("tenant", "v1"), ("other", "x")])),
        Decision::ExplicitDeny
    );
    let ip = |addr: &str| {
        app("kms:Encrypt")
            .context("aws:SourceIp", addr)
            .build()
            .unwrap()
    };
    assert_eq!(d(&ip("10.39.15.1")), Decision::Allowed);
    assert_eq!(d(&ip("10.39.16.1")), Decision::ImplicitDeny);
    assert_eq!(d(&ip("10.0.0.2")), Decision::ImplicitDeny);
    assert_eq!(
        d(&ec("kms:GenerateDataKey", &[("v1", "a"), ("v9999", "b")])),
        Decision::Allowed
    );
    assert_eq!(
        d(&ec("kms:GenerateDataKey", &[("v1", "a"), ("w", "b")])),
        Decision::ImplicitDeny
    );
}

/// Numbers out of range: a policy value that is not a finite number is refused when the policy
/// is loaded; a request value that is not one is an evaluation error (never `allowed`); huge but
/// finite numbers compare normally. Dates likewise.
#[test]
fn numbers_out_of_range_in_numeric_conditions() {
    let numeric = |value: &str| {
        doc(&format!(
            r#"{{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {{"NumericLessThan": {{"custom:n": {value}}}}}}}"#
        ))
    };
    let huge = format!("\"1{}\"", "0".repeat(400));
    for bad in [
        r#""1e400""#,
        "1e400",
        r#""-1e400""#,
        r#""NaN""#,
        r#""Infinity""#,
        r#""0x10""#,
        &huge,
    ] {
        let e = Policy::parse("n.json", &numeric(bad), PolicyKind::Key).unwrap_err();
        assert!(message(&e).contains("invalid number"), "{bad}: {e}");
    }
    let forty_nines = "9".repeat(40);
    for bad in [forty_nines.clone(), format!("-{forty_nines}")] {
        let p = doc(&format!(
            r#"{{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {{"DateLessThan": {{"aws:CurrentTime": "{bad}"}}}}}}"#
        ));
        let e = Policy::parse("d.json", &p, PolicyKind::Key).unwrap_err();
        assert!(message(&e).contains("invalid date"), "{bad}: {e}");
    }
    let w = key_world(&numeric(r#""1e308""#));
    let q = |n: &str| app("kms:Decrypt").context("custom:n", n).build().unwrap();
    assert_eq!(check(&w, &q("1e307")).decision, Decision::Allowed);
    assert_eq!(
        check(&w, &q("99999999999999999999999999999999999")).decision,
        Decision::Allowed
    );
    assert_eq!(check(&w, &q("1e308")).decision, Decision::ImplicitDeny);
    for bad in ["1e400", "-1e400", "NaN", "inf", "1e", "-", "", "0x10", " 1"] {
        let r = check(&w, &q(bad));
        assert_eq!(r.decision, Decision::ImplicitDeny, "{bad}");
        assert!(
            r.errors.iter().any(|e| e.contains("is not a number")),
            "{bad}: {:?}",
            r.errors
        );
    }
}

/// Invalid UTF-8 through the binary: a clear error naming the file, exit status 2, no panic.
#[test]
fn invalid_utf8_is_a_clear_error_with_exit_status_2() {
    let mut bytes = doc(ALLOW_ALL).into_bytes();
    bytes.splice(20..20, [0xff, 0xfe, 0xc3]);
    let path = scratch_file("bad-utf8.test.json", &bytes);
    for o in run_all(&path) {
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(
            err.contains("bad-utf8.test.json") && err.contains("UTF-8"),
            "{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

/// NUL bytes through the binary: a raw NUL is a syntax error at its line and column (exit 2 for
/// `can` and `test`; for `lint` a policy that is not JSON is a KP001 finding, exit 1); an
/// escaped `\u0000` inside a string is just a character.
#[test]
fn nul_bytes_are_a_clear_error_with_exit_status_2() {
    let text = doc(ALLOW_ALL).replacen("\"Statement\"", "\n\0\"Statement\"", 1);
    let path = scratch_file("nul.test.json", text.as_bytes());
    let [can, test, lint] = run_all(&path);
    for o in [&can, &test] {
        let err = stderr(o);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(
            err.contains("nul.test.json:2:1: error: unexpected `\\0`"),
            "{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
        // The excerpt shows the NUL as a picture; a raw one would print as nothing.
        assert!(!err.contains('\0') && err.contains('\u{2400}'), "{err:?}");
    }
    assert_eq!(lint.status.code(), Some(1), "{}", stderr(&lint));
    assert!(String::from_utf8_lossy(&lint.stdout).contains("error[KP001] unexpected `\\0`"));
    assert!(!lint.stdout.contains(&0), "raw NUL in lint output");

    let escaped = doc(&ALLOW_ALL.replace("AllowAll", "Allow\\u0000All"));
    let path = scratch_file("escaped-nul.json", escaped.as_bytes());
    let [can, _, lint] = run_all(&path);
    assert_eq!(can.status.code(), Some(0), "{}", stderr(&can));
    assert!(!stderr(&lint).contains("panicked"));
}

/// A policy may hold any character as a JSON escape: a `Sid` with ESC (`\u001b[2J` clears the
/// screen) and an action with a C1 control must not reach the terminal raw from `can` or `lint`.
#[test]
fn control_characters_from_the_input_are_shown_not_sent_to_the_terminal() {
    let named = ALLOW_ALL.replace("AllowAll", "Allow\\u001b[2JAll");
    let odd_action = ALLOW_ALL
        .replace("AllowAll", "Odd")
        .replace("kms:*", "kms:Decrypt\\u009b");
    let path = scratch_file(
        "escapes.json",
        doc(&format!("{named}, {odd_action}")).as_bytes(),
    );
    let [can, _, lint] = run_all(&path);
    for (what, o) in [("can", &can), ("lint", &lint)] {
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(!out.contains(['\u{1b}', '\u{9b}']), "{what}: {out:?}");
        assert!(!stderr(o).contains("panicked"), "{what}");
    }
    let out = String::from_utf8_lossy(&can.stdout);
    assert!(out.contains("Allow\u{241b}[2JAll"), "{out}");
    let out = String::from_utf8_lossy(&lint.stdout);
    assert!(out.contains("KP010") && out.contains('\u{fffd}'), "{out}");
}
