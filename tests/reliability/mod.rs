//! Reliability (issue 5): no input crashes kmspolicy and no input tricks it into `allowed`.
//!
//! Four groups of tests, one file each:
//!
//! - **property tests** (`generated.rs`) over generated worlds with every policy type — key policy, identity
//!   policy, permissions boundary, SCP levels, RCP, session policy, VPC endpoint policy: a `Deny`
//!   added anywhere never yields `allowed` (and a matching one always wins); guardrails only take
//!   access away; Sids and the order of statements, actions, principals, resources, condition
//!   entries and condition values change nothing; nor does the case of action and condition-key
//!   names; an unevaluable or unknown condition never yields `allowed`;
//! - **hostile input** (`hostile.rs`): huge and deeply nested documents, 10,000 statements, 10,000 condition
//!   values, wildcard patterns built for backtracking, numbers out of range, invalid UTF-8 and
//!   NUL bytes through the binary — each rejected with a clear error or decided correctly;
//! - the **fail-closed audit** (`fail_closed.rs`) of README "Reliability": one named test per way evaluation can fail;
//! - **regressions** (`regressions.rs`) for what this work found and `src/` fixed.
//!
//! No test asserts a wall-clock limit; the suite's runtime shows that each finishes quickly.

use std::path::PathBuf;
use std::process::{Command, Output};

use kmspolicy::eval::{authorize_with, decide_with, Options};
use kmspolicy::lint::{lint_text, Options as LintOptions};
use kmspolicy::scenario::load_scenario_str;
use kmspolicy::world::{Account, Key, Organization, Principal};
use kmspolicy::{authorize, decide, Decision, Policy, PolicyKind, Request, Response, World};
use proptest::prelude::*;

const KEY: &str = "arn:aws:kms:us-east-1:111122223333:key/k1";
const A: &str = "111122223333";
const B: &str = "444455556666";

mod fail_closed;
mod generated;
mod hostile;
mod regressions;

use generated::*;

// ---------------------------------------------------------------------------------------------
// Helpers of the hand-written tests
// ---------------------------------------------------------------------------------------------

const ALLOW_ALL: &str = r#"{"Sid": "AllowAll", "Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*"}"#;
const APP: &str = "arn:aws:sts::111122223333:assumed-role/App/s1";

fn doc(statements: &str) -> String {
    format!(r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#)
}

fn key_world(key_policy: &str) -> World {
    let mut w = World::new();
    let p = Policy::parse("kp.json", key_policy, PolicyKind::Key).unwrap_or_else(|e| panic!("{e}"));
    w.add_key(Key::new(KEY, p).unwrap());
    w
}

/// Decides with both paths (explanation and fast path, indexed and linear) and checks they agree.
fn check(w: &World, q: &Request) -> Response {
    let r = authorize(w, q).expect("decidable");
    for use_index in [true, false] {
        let opts = Options { use_index };
        assert_eq!(decide_with(w, q, opts).unwrap().decision, r.decision);
        assert_eq!(authorize_with(w, q, opts).unwrap().decision, r.decision);
    }
    r
}

fn app(action: &str) -> kmspolicy::eval::RequestBuilder<'static> {
    Request::builder()
        .principal(APP)
        .action(action)
        .resource(KEY)
}

fn message(e: &kmspolicy::Error) -> String {
    e.to_string()
}

/// A document of `n` padding bytes around an otherwise valid key policy.
fn padded(n: usize) -> String {
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [{ALLOW_ALL}], "Padding": "{}"}}"#,
        "a".repeat(n)
    )
}

fn scratch_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kmspolicy-reliability-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kmspolicy"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs `can` (on a key policy), `test` (on a scenario file) and `lint` over one file.
fn run_all(path: &std::path::Path) -> [Output; 3] {
    let p = path.to_str().unwrap();
    [
        run(&[
            "can",
            "--key-policy",
            p,
            "--principal",
            APP,
            "--action",
            "kms:Decrypt",
        ]),
        run(&["test", p]),
        run(&["lint", "--format", "concise", p]),
    ]
}
