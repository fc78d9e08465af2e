//! `kmspolicy.toml`: per-rule severity overrides (or `off`), ignores that must give a reason,
//! and a baseline of accepted findings, so a team can adopt the linter on an existing repository
//! without fixing everything first — and without suppressions silently outliving their purpose
//! (unused ignores are reported).
//!
//! ```toml
//! [rules]
//! KP305 = "off"
//! cross-account-unconstrained = "error"
//!
//! [[ignore]]
//! rule = "KP104"
//! path = "infra/keys/*.json"
//! sid = "PartnerDecrypt"            # or json_pointer = "/Statement/1"
//! reason = "partner account reviewed in SEC-123"
//!
//! baseline = "kmspolicy-baseline.json"
//! ```

use std::path::{Path, PathBuf};

use super::finding::{Finding, Severity};
use super::registry;
use crate::glob::Glob;

/// The configuration file name, searched from the working directory up.
pub const FILE_NAME: &str = "kmspolicy.toml";

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    rules: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    ignore: Vec<RawIgnore>,
    baseline: Option<String>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIgnore {
    rule: String,
    path: Option<String>,
    sid: Option<String>,
    json_pointer: Option<String>,
    reason: Option<String>,
}

/// A rule's configured level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Not run.
    Off,
    /// Reported with this severity.
    Severity(Severity),
}

/// One ignore entry.
#[derive(Debug, Clone)]
pub struct Ignore {
    /// The rule ID.
    pub code: &'static str,
    /// Path glob (matched against the finding's file).
    pub path: Option<String>,
    /// Statement Sid.
    pub sid: Option<String>,
    /// JSON pointer (exact, or a prefix ending at a `/` boundary).
    pub json_pointer: Option<String>,
    /// Why the finding is accepted.
    pub reason: String,
    /// Its position in the file, for the unused-ignore report.
    pub index: usize,
}

/// The loaded configuration.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it came from.
    pub path: Option<PathBuf>,
    /// Rule levels by ID.
    pub levels: Vec<(&'static str, Level)>,
    /// Ignores.
    pub ignores: Vec<Ignore>,
    /// Baseline file (relative to the configuration file).
    pub baseline: Option<PathBuf>,
}

/// Finds `kmspolicy.toml` in `start` or one of its ancestors.
pub fn find(start: &Path) -> Option<PathBuf> {
    let mut dir = Some(start);
    while let Some(d) = dir {
        let candidate = d.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

fn rule_code(id_or_name: &str) -> Result<&'static str, String> {
    registry::lookup(id_or_name)
        .map(|r| r.meta().code)
        .ok_or_else(|| format!("unknown rule `{id_or_name}`"))
}

impl Config {
    /// Loads a configuration file.
    pub fn load(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        let mut c = Config::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        if let Some(b) = &c.baseline {
            c.baseline = Some(path.parent().unwrap_or(Path::new(".")).join(b));
        }
        c.path = Some(path.to_path_buf());
        Ok(c)
    }

    /// Parses configuration text.
    pub fn parse(text: &str) -> Result<Config, String> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| e.message().to_string())?;
        let mut levels = Vec::new();
        for (rule, level) in &raw.rules {
            let code = rule_code(rule)?;
            let level = match level.as_str() {
                "off" => Level::Off,
                other => Level::Severity(Severity::parse(other).ok_or_else(|| {
                    format!("invalid level `{other}` for `{rule}`: expected off, info, warning or error")
                })?),
            };
            levels.push((code, level));
        }
        let mut ignores = Vec::new();
        for (index, i) in raw.ignore.into_iter().enumerate() {
            let code = rule_code(&i.rule)?;
            let reason = i.reason.filter(|r| !r.trim().is_empty()).ok_or_else(|| {
                format!(
                    "ignore #{} ({}) has no `reason`; every ignore must say why",
                    index + 1,
                    i.rule
                )
            })?;
            ignores.push(Ignore {
                code,
                path: i.path,
                sid: i.sid,
                json_pointer: i.json_pointer,
                reason,
                index,
            });
        }
        Ok(Config {
            path: None,
            levels,
            ignores,
            baseline: raw.baseline.map(PathBuf::from),
        })
    }

    /// The configured level of a rule.
    pub fn level(&self, code: &str) -> Option<Level> {
        self.levels
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, l)| *l)
    }
}

impl Ignore {
    /// Whether this entry covers `f`.
    pub fn matches(&self, f: &Finding) -> bool {
        if self.code != f.code {
            return false;
        }
        if let Some(p) = &self.path {
            if !Glob::new(p, false).is_match(&f.file) {
                return false;
            }
        }
        if let Some(s) = &self.sid {
            if f.sid.as_deref() != Some(s.as_str()) {
                return false;
            }
        }
        if let Some(jp) = &self.json_pointer {
            let under = f.json_pointer == *jp
                || f.json_pointer
                    .strip_prefix(jp.as_str())
                    .is_some_and(|rest| rest.starts_with('/'));
            if !under {
                return false;
            }
        }
        true
    }
}

/// A baseline: fingerprints of accepted findings.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Baseline {
    /// Format version.
    pub version: u32,
    /// Fingerprints ([`Finding::fingerprint`]).
    pub fingerprints: Vec<String>,
}

impl Baseline {
    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read baseline `{}`: {e}", path.display()))?;
        serde_json::from_str(&text)
            .map_err(|e| format!("invalid baseline `{}`: {e}", path.display()))
    }

    /// The baseline of `findings`.
    pub fn of(findings: &[Finding]) -> Baseline {
        let mut fingerprints: Vec<String> = findings.iter().map(Finding::fingerprint).collect();
        fingerprints.sort();
        fingerprints.dedup();
        Baseline {
            version: 1,
            fingerprints,
        }
    }
}

/// What applying the configuration did.
#[derive(Debug, Default)]
pub struct Applied {
    /// Findings dropped by an ignore.
    pub ignored: usize,
    /// Findings dropped by the baseline.
    pub baselined: usize,
    /// Ignores that matched nothing: (entry number from 1, rule, reason).
    pub unused: Vec<String>,
}

/// Applies levels, ignores and the baseline to `findings`.
pub fn apply(config: &Config, baseline: Option<&Baseline>, findings: &mut Vec<Finding>) -> Applied {
    let mut applied = Applied::default();
    let mut used = vec![false; config.ignores.len()];
    findings.retain_mut(|f| {
        match config.level(f.code) {
            Some(Level::Off) => return false,
            Some(Level::Severity(s)) => f.severity = s,
            None => {}
        }
        if let Some(i) = config.ignores.iter().position(|i| i.matches(f)) {
            if let Some(u) = used.get_mut(i) {
                *u = true;
            }
            applied.ignored += 1;
            return false;
        }
        if baseline.is_some_and(|b| b.fingerprints.binary_search(&f.fingerprint()).is_ok()) {
            applied.baselined += 1;
            return false;
        }
        true
    });
    for (i, u) in config.ignores.iter().zip(used) {
        if !u {
            applied.unused.push(format!(
                "ignore #{} ({}{}{}) matched no finding",
                i.index + 1,
                i.code,
                i.path
                    .as_deref()
                    .map(|p| format!(", path {p}"))
                    .unwrap_or_default(),
                i.sid
                    .as_deref()
                    .map(|s| format!(", sid {s}"))
                    .unwrap_or_default(),
            ));
        }
    }
    applied
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_levels_and_requires_reasons() {
        let c = Config::parse(
            "[rules]\nKP003 = \"off\"\npublic-key-policy = \"warning\"\n[[ignore]]\nrule = \"KP102\"\nsid = \"P\"\nreason = \"ok\"\n",
        )
        .unwrap();
        assert_eq!(c.level("KP003"), Some(Level::Off));
        assert_eq!(c.level("KP101"), Some(Level::Severity(Severity::Warning)));
        assert_eq!(c.ignores.len(), 1);
        let e = Config::parse("[[ignore]]\nrule = \"KP102\"\n").unwrap_err();
        assert!(e.contains("reason"), "{e}");
        assert!(Config::parse("[rules]\nKP999 = \"off\"\n").is_err());
    }
}
