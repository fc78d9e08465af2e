//! `kmspolicy eval`: decide requests in bulk. JSON Lines in (one request per line, naming its
//! world), JSON Lines out (one answer per line, in order). Worlds named by path are loaded and
//! compiled once per run; `--jobs N` spreads the lines over N threads.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
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

/// Worlds loaded so far, by path: each worker keeps its own map of the worlds it has met, and
/// asks the shared one on a miss, so every world is loaded once per run and the workers do not
/// contend on a lock for every line.
struct Worlds<'s> {
    local: HashMap<String, Arc<World>>,
    shared: &'s Mutex<HashMap<String, Arc<World>>>,
}

impl<'s> Worlds<'s> {
    fn new(shared: &'s Mutex<HashMap<String, Arc<World>>>) -> Worlds<'s> {
        Worlds {
            local: HashMap::new(),
            shared,
        }
    }

    fn get(&mut self, path: &str) -> Result<Arc<World>, String> {
        if let Some(w) = self.local.get(path) {
            return Ok(w.clone());
        }
        let w = {
            // A worker that panicked while holding the lock left the map as it was.
            let mut shared = self.shared.lock().unwrap_or_else(|e| e.into_inner());
            match shared.get(path) {
                Some(w) => w.clone(),
                None => {
                    let s = load_scenario_file(Path::new(path)).map_err(|e| e.to_string())?;
                    let w = Arc::new(s.world);
                    shared.insert(path.to_string(), w.clone());
                    w
                }
            }
        };
        self.local.insert(path.to_string(), w.clone());
        Ok(w)
    }
}

fn inline_policy(v: &serde_json::Value, kind: PolicyKind, what: &str) -> Result<Policy, String> {
    Policy::parse(what, &v.to_string(), kind).map_err(|e| e.to_string())
}

/// Decides one line; the JSON answer.
fn answer(text: &str, worlds: &mut Worlds<'_>) -> Result<crate::Response, String> {
    let line: Line =
        serde_json::from_str(text).map_err(|e| format!("invalid request line: {e}"))?;
    let world = match &line.world {
        WorldRef::Path(p) => worlds.get(p)?,
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

/// A block of input: whole lines, and the number of its first line.
struct Block {
    seq: usize,
    first_line: usize,
    text: Vec<u8>,
}

/// A block's answers.
struct Answered {
    seq: usize,
    out: Vec<u8>,
    decided: usize,
    bad: usize,
}

/// Answers the lines of a block, in order.
fn answer_block(block: &Block, worlds: &mut Worlds<'_>) -> Answered {
    let mut out = Vec::with_capacity(block.text.len());
    let (mut decided, mut bad) = (0, 0);
    for (i, raw) in block.text.split(|b| *b == b'\n').enumerate() {
        let number = block.first_line + i;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let answered = match std::str::from_utf8(raw) {
            Ok(text) if text.trim().is_empty() => continue,
            Ok(text) => answer(text, worlds),
            Err(_) => Err("the line is not valid UTF-8".to_string()),
        };
        decided += 1;
        let written = match answered {
            Ok(r) => write_answer(&r, &mut out),
            Err(e) => {
                bad += 1;
                serde_json::to_writer(&mut out, &serde_json::json!({"line": number, "error": e}))
            }
        };
        if written.is_err() {
            bad += 1;
        }
        out.push(b'\n');
    }
    Answered {
        seq: block.seq,
        out,
        decided,
        bad,
    }
}

/// How much input a block holds (it is cut at the end of a line past this size).
const BLOCK_BYTES: usize = 1 << 20;

/// The input as numbered blocks of whole lines.
struct Blocks<R> {
    reader: R,
    seq: usize,
    /// The number of the next block's first line.
    line: usize,
}

impl<R: BufRead> Blocks<R> {
    fn new(reader: R) -> Blocks<R> {
        Blocks {
            reader,
            seq: 0,
            line: 1,
        }
    }

    /// The next block; `None` at the end of the input.
    fn next(&mut self) -> std::io::Result<Option<Block>> {
        let mut text = Vec::with_capacity(BLOCK_BYTES + 4096);
        while text.len() < BLOCK_BYTES {
            if self.reader.read_until(b'\n', &mut text)? == 0 {
                break;
            }
        }
        if text.is_empty() {
            return Ok(None);
        }
        if text.last() == Some(&b'\n') {
            text.pop();
        }
        let block = Block {
            seq: self.seq,
            first_line: self.line,
            text,
        };
        self.seq += 1;
        self.line += block.text.iter().filter(|b| **b == b'\n').count() + 1;
        Ok(Some(block))
    }
}

/// Totals of a run.
#[derive(Default)]
struct Totals {
    decided: usize,
    bad: usize,
}

impl Totals {
    /// Writes a block's answers and counts them.
    fn write(&mut self, a: &Answered, writer: &mut impl Write) -> std::io::Result<()> {
        writer.write_all(&a.out)?;
        self.decided += a.decided;
        self.bad += a.bad;
        Ok(())
    }
}

/// One job: read, answer and write on this thread.
fn run_serial(
    reader: impl BufRead,
    writer: &mut impl Write,
    worlds: &mut Worlds<'_>,
) -> std::io::Result<Totals> {
    let mut totals = Totals::default();
    let mut blocks = Blocks::new(reader);
    while let Some(block) = blocks.next()? {
        totals.write(&answer_block(&block, worlds), writer)?;
    }
    Ok(totals)
}

/// Several jobs: this thread reads blocks and hands them out, `jobs` workers answer them, and a
/// writer puts the answers back in input order, so reading, deciding and writing overlap. When
/// the writer stops (an output error), the workers stop, and with them the reader.
fn run_parallel(
    jobs: usize,
    reader: impl BufRead,
    writer: &mut (impl Write + Send),
    shared: &Mutex<HashMap<String, Arc<World>>>,
) -> std::io::Result<Totals> {
    use std::sync::mpsc::sync_channel;
    let (block_tx, block_rx) = sync_channel::<Block>(jobs * 2);
    // Owned by the workers only, so that the reader's sends fail once they have all stopped.
    let block_rx = Arc::new(Mutex::new(block_rx));
    let (answer_tx, answer_rx) = sync_channel::<Answered>(jobs * 2);
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let (block_rx, answer_tx) = (block_rx.clone(), answer_tx.clone());
            scope.spawn(move || {
                let mut worlds = Worlds::new(shared);
                loop {
                    let next = block_rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
                    let Ok(block) = next else { break };
                    if answer_tx.send(answer_block(&block, &mut worlds)).is_err() {
                        break;
                    }
                }
            });
        }
        drop((answer_tx, block_rx));
        let writing = scope.spawn(move || -> std::io::Result<Totals> {
            let mut totals = Totals::default();
            let mut waiting = std::collections::BTreeMap::new();
            let mut next = 0;
            for a in answer_rx {
                waiting.insert(a.seq, a);
                while let Some(a) = waiting.remove(&next) {
                    totals.write(&a, writer)?;
                    next += 1;
                }
            }
            Ok(totals)
        });
        let read = (|| {
            let mut blocks = Blocks::new(reader);
            while let Some(block) = blocks.next()? {
                if block_tx.send(block).is_err() {
                    break;
                }
            }
            Ok(())
        })();
        drop(block_tx);
        let totals = writing
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the writer failed")));
        // An output error is the cause when both failed.
        totals.and_then(|t| read.map(|()| t))
    })
}

/// Runs `kmspolicy eval`; returns the exit status (0, or 2 when a line was bad).
pub fn eval(args: &EvalArgs) -> u8 {
    let start = Instant::now();
    let jobs = args.jobs.max(1);
    let stdin = std::io::stdin();
    let reader = std::io::BufReader::with_capacity(1 << 16, stdin.lock());
    let shared = Mutex::new(HashMap::new());
    let run = if jobs == 1 {
        let mut writer = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        run_serial(reader, &mut writer, &mut Worlds::new(&shared))
            .and_then(|t| writer.flush().map(|()| t))
    } else {
        // The writer runs on its own thread, so it takes the unlocked handle.
        let mut writer = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout());
        run_parallel(jobs, reader, &mut writer, &shared).and_then(|t| writer.flush().map(|()| t))
    };
    let totals = match run {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_BAD_INPUT;
        }
    };
    if args.stats {
        let secs = start.elapsed().as_secs_f64();
        let rate = if secs > 0.0 {
            totals.decided as f64 / secs
        } else {
            0.0
        };
        eprintln!(
            "{} requests ({} bad) in {secs:.3} s with {jobs} job(s): {rate:.0} decisions per second",
            totals.decided, totals.bad
        );
    }
    if totals.bad > 0 {
        EXIT_BAD_INPUT
    } else {
        0
    }
}
