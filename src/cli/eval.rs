//! `kmspolicy eval`: decide requests in bulk. JSON Lines in (one request per line, naming its
//! world), JSON Lines out (one answer per line, in order). Worlds named by path are loaded and
//! compiled once per run; `--jobs N` spreads the lines over N threads.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use clap::Args;
use serde::Deserialize;

use super::EXIT_BAD_INPUT;
use crate::eval::Request;
use crate::scenario::{load_scenario_file, load_scenario_str};
use crate::world::World;
use crate::{Policy, PolicyKind};

/// Arguments of `kmspolicy eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Worker threads.
    #[arg(long, default_value_t = 1)]
    pub jobs: usize,
    /// Print the number of decisions and the throughput to stderr.
    #[arg(long)]
    pub stats: bool,
}

/// One input line: a world and the request members of a scenario case.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Line<'a> {
    #[serde(borrow)]
    world: WorldRef<'a>,
    #[serde(borrow)]
    principal: Cow<'a, str>,
    #[serde(borrow)]
    action: Cow<'a, str>,
    #[serde(borrow, default)]
    resource: Option<Cow<'a, str>>,
    #[serde(default)]
    encryption_context: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    context: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    session_policy: Option<serde_json::Value>,
    #[serde(default)]
    vpc_endpoint_policy: Option<serde_json::Value>,
    #[serde(default)]
    grant_tokens: Vec<String>,
    /// Ignored: lets scenario cases be piped in as they are.
    #[serde(default, rename = "name")]
    _name: Option<serde_json::Value>,
}

/// A world file path, or a world inline.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum WorldRef<'a> {
    #[serde(borrow)]
    Path(Cow<'a, str>),
    Inline(serde_json::Value),
}

/// Worlds loaded so far, by path.
type Worlds = HashMap<String, Arc<World>>;

fn load_world(path: &str, worlds: &mut Worlds) -> Result<Arc<World>, String> {
    if let Some(w) = worlds.get(path) {
        return Ok(w.clone());
    }
    let s = load_scenario_file(Path::new(path)).map_err(|e| e.to_string())?;
    let w = Arc::new(s.world);
    worlds.insert(path.to_string(), w.clone());
    Ok(w)
}

fn inline_policy(v: &serde_json::Value, kind: PolicyKind, what: &str) -> Result<Policy, String> {
    Policy::parse(what, &v.to_string(), kind).map_err(|e| e.to_string())
}

/// Decides one line; the JSON answer.
fn answer(text: &str, worlds: &mut Worlds) -> Result<crate::Response, String> {
    let line: Line =
        serde_json::from_str(text).map_err(|e| format!("invalid request line: {e}"))?;
    let world = match &line.world {
        WorldRef::Path(p) => load_world(p, worlds)?,
        WorldRef::Inline(v) => Arc::new(
            load_scenario_str("<inline world>", &v.to_string(), Path::new("."))
                .map_err(|e| e.to_string())?
                .world,
        ),
    };
    let mut b = Request::builder()
        .principal(line.principal.as_ref())
        .action(line.action.as_ref());
    if let Some(r) = &line.resource {
        b = b.resource(r.as_ref());
    }
    for (k, v) in line.encryption_context {
        b = b.encryption_context(k, v);
    }
    for (k, v) in line.context {
        b = match v {
            serde_json::Value::Null => b.context_absent(k),
            serde_json::Value::String(s) => b.context(k, s),
            serde_json::Value::Bool(x) => b.context(k, x.to_string()),
            serde_json::Value::Number(n) => b.context(k, n.to_string()),
            serde_json::Value::Array(items) => {
                let mut values = Vec::new();
                for item in items {
                    match item {
                        serde_json::Value::String(s) => values.push(s),
                        other => {
                            return Err(format!(
                                "context key `{k}`: values must be strings, found {other}"
                            ))
                        }
                    }
                }
                b.context_multi(k, values)
            }
            serde_json::Value::Object(_) => {
                return Err(format!("context key `{k}` must not be an object"))
            }
        };
    }
    if let Some(p) = &line.session_policy {
        b = b.session_policy(inline_policy(p, PolicyKind::Session, "<session_policy>")?);
    }
    if let Some(p) = &line.vpc_endpoint_policy {
        b = b.vpc_endpoint_policy(inline_policy(
            p,
            PolicyKind::VpcEndpoint,
            "<vpc_endpoint_policy>",
        )?);
    }
    for t in line.grant_tokens {
        b = b.grant_token(t);
    }
    let request = b.build().map_err(|e| e.to_string())?;
    crate::eval::authorize_brief(&world, &request).map_err(|e| e.to_string())
}

/// One output line.
#[derive(serde::Serialize)]
struct Answer<'a> {
    decision: crate::Decision,
    error_code: &'a str,
    deciding: Vec<String>,
    grants: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    blocked_by: Option<&'a str>,
}

fn write_answer(r: &crate::Response, out: &mut Vec<u8>) -> serde_json::Result<()> {
    let a = Answer {
        decision: r.decision,
        error_code: &r.error_code,
        deciding: r.deciding_labels(),
        grants: r.grants.iter().map(|g| g.grant_id.as_str()).collect(),
        blocked_by: r.blocked_by.as_deref(),
    };
    serde_json::to_writer(out, &a)
}

/// Answers a batch of lines, in order; counts the bad ones.
fn answer_all(
    lines: &[String],
    first_number: usize,
    worlds: &mut Worlds,
    out: &mut Vec<u8>,
) -> usize {
    let mut bad = 0;
    for (i, text) in lines.iter().enumerate() {
        if text.trim().is_empty() {
            continue;
        }
        let written = match answer(text, worlds) {
            Ok(r) => write_answer(&r, out),
            Err(e) => {
                bad += 1;
                serde_json::to_writer(
                    &mut *out,
                    &serde_json::json!({"line": first_number + i, "error": e}),
                )
            }
        };
        if written.is_err() {
            bad += 1;
        }
        out.push(b'\n');
    }
    bad
}

/// Runs `kmspolicy eval`; returns the exit status (0, or 2 when a line was bad).
pub fn eval(args: &EvalArgs) -> u8 {
    let start = Instant::now();
    let jobs = args.jobs.max(1);
    let stdin = std::io::stdin();
    let mut reader = stdin.lock();
    let stdout = std::io::stdout();
    let mut writer = std::io::BufWriter::new(stdout.lock());
    let mut worlds: Vec<Worlds> = (0..jobs).map(|_| Worlds::new()).collect();
    let (mut decided, mut bad, mut number) = (0usize, 0usize, 1usize);
    const BATCH: usize = 8192;
    loop {
        let mut batch = Vec::with_capacity(BATCH);
        let mut text = String::new();
        while batch.len() < BATCH {
            text.clear();
            match reader.read_line(&mut text) {
                Ok(0) => break,
                Ok(_) => batch.push(text.trim_end_matches(['\n', '\r']).to_string()),
                Err(e) => {
                    eprintln!("error: cannot read standard input: {e}");
                    return EXIT_BAD_INPUT;
                }
            }
        }
        if batch.is_empty() {
            break;
        }
        let chunk = batch.len().div_ceil(jobs);
        let results: Vec<(Vec<u8>, usize)> = std::thread::scope(|scope| {
            let handles: Vec<_> = batch
                .chunks(chunk)
                .zip(worlds.iter_mut())
                .enumerate()
                .map(|(j, (lines, w))| {
                    let first = number + j * chunk;
                    scope.spawn(move || {
                        let mut out = Vec::with_capacity(lines.len() * 96);
                        let bad = answer_all(lines, first, w, &mut out);
                        (out, bad)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| (b"{\"error\": \"a worker failed\"}\n".to_vec(), 1))
                })
                .collect()
        });
        for (out, b) in results {
            bad += b;
            if writer.write_all(&out).is_err() {
                return EXIT_BAD_INPUT;
            }
        }
        decided += batch.iter().filter(|l| !l.trim().is_empty()).count();
        number += batch.len();
    }
    if writer.flush().is_err() {
        return EXIT_BAD_INPUT;
    }
    if args.stats {
        let secs = start.elapsed().as_secs_f64();
        let rate = if secs > 0.0 {
            decided as f64 / secs
        } else {
            0.0
        };
        eprintln!(
            "{decided} requests ({bad} bad) in {secs:.3} s with {jobs} job(s): {rate:.0} decisions per second"
        );
    }
    if bad > 0 {
        EXIT_BAD_INPUT
    } else {
        0
    }
}
