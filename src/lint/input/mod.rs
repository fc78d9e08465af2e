//! Reading lint inputs: raw policy JSON, CloudFormation templates (JSON and YAML) and Terraform
//! plans (`terraform show -json`). Each input becomes a list of policy documents (and key
//! resources) whose spans point into the host file — even for a policy held in a JSON string,
//! whose inner offsets are mapped back through the string's escapes.

pub mod cfn;
pub mod markers;
pub mod terraform;
pub mod yaml;

use std::sync::Arc;

use super::context::{finding_at, KeyResource, LintKind, Options, PolicyDoc};
use super::finding::Finding;
use super::registry;
use crate::json::{self, Node, Value};
use crate::source::{Source, Span};

/// One thing to lint.
#[derive(Debug)]
pub enum Target {
    /// A policy document.
    Policy(PolicyDoc),
    /// A key resource of a template or plan.
    Key(KeyResource),
    /// A finding made while reading (syntax errors).
    Finding(Finding),
    /// A finding the file itself accepts (`Metadata.kmspolicy.ignore` of a template resource).
    Suppression(markers::Suppression),
    /// A problem that makes the run incomplete, like a malformed configuration: exit status 2.
    Error(String),
}

/// What a file turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A policy document.
    Policy,
    /// A CloudFormation template.
    CloudFormation,
    /// A Terraform plan.
    TerraformPlan,
    /// Something else (skipped).
    Other,
}

/// A KP001 finding for text that cannot be read.
pub(crate) fn syntax_finding(
    source: &Source,
    span: Span,
    message: String,
    help: Option<String>,
) -> Option<Finding> {
    let meta = registry::meta("KP001")?;
    let mut f = finding_at(source, meta, span, message, "unknown");
    f.help = help;
    Some(f)
}

fn member<'a>(node: &'a Node, name: &str) -> Option<&'a Node> {
    match &node.value {
        Value::Object(m) => m.iter().find(|m| m.key == name).map(|m| &m.value),
        _ => None,
    }
}

/// Decides what a parsed document is.
pub fn classify(root: &Node) -> InputKind {
    if member(root, "Statement").is_some() {
        return InputKind::Policy;
    }
    if member(root, "format_version").is_some()
        && (member(root, "planned_values").is_some()
            || member(root, "resource_changes").is_some()
            || member(root, "values").is_some())
    {
        return InputKind::TerraformPlan;
    }
    if let Some(resources) = member(root, "Resources") {
        let typed = match &resources.value {
            Value::Object(rs) => rs.iter().any(|r| {
                matches!(member(&r.value, "Type").map(|t| &t.value), Some(Value::String(t)) if t.starts_with("AWS::"))
            }),
            _ => false,
        };
        if typed || member(root, "AWSTemplateFormatVersion").is_some() {
            return InputKind::CloudFormation;
        }
    }
    InputKind::Other
}

/// Whether a policy names principals (and so is a resource policy: a key policy here).
pub(crate) fn detect_kind(root: &Node) -> LintKind {
    let stmts: Vec<&Node> = match member(root, "Statement").map(|s| &s.value) {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(Value::Object(_)) => member(root, "Statement").into_iter().collect(),
        _ => Vec::new(),
    };
    if stmts
        .iter()
        .any(|s| member(s, "Principal").is_some() || member(s, "NotPrincipal").is_some())
    {
        LintKind::Key
    } else {
        LintKind::Identity
    }
}

/// Reads one file's text. `name` is the path shown in findings. Returns the targets, what the
/// file was, and the file as findings show it (empty when it was refused for its size).
pub fn read(name: &str, text: &str, options: &Options) -> (Vec<Target>, InputKind, Arc<Source>) {
    // A finding for text that cannot be read: the only target.
    let unreadable = |source: Arc<Source>, span, message, help, kind| {
        let targets = syntax_finding(&source, span, message, help)
            .map(Target::Finding)
            .into_iter()
            .collect();
        (targets, kind, source)
    };
    // An over-size document is refused before its text is copied or indexed.
    if let Err(e) = json::check_size(text, json::Limits::default()) {
        return unreadable(
            Source::new(name, ""),
            e.span,
            e.message,
            e.help,
            InputKind::Policy,
        );
    }
    let source = Source::new(name, text);
    let lower = name.to_ascii_lowercase();
    let is_yaml =
        lower.ends_with(".yaml") || lower.ends_with(".yml") || lower.ends_with(".template");
    let root = if is_yaml {
        match yaml::parse(text) {
            Ok(n) => n,
            Err(e) => return unreadable(source, e.span, e.message, None, InputKind::Other),
        }
    } else {
        match json::parse(text, json::Limits::default()) {
            Ok(n) => n,
            Err(e) => return unreadable(source, e.span, e.message, e.help, InputKind::Policy),
        }
    };
    let kind = classify(&root);
    let targets = match kind {
        InputKind::Policy => {
            let k = options.kind.unwrap_or_else(|| detect_kind(&root));
            vec![Target::Policy(PolicyDoc {
                size: text.trim().len(),
                source: source.clone(),
                root,
                kind: k,
                host: None,
                key_account: None,
                key_spec: None,
                bucket_key: false,
            })]
        }
        InputKind::CloudFormation => cfn::targets(&source, &root),
        InputKind::TerraformPlan => terraform::targets(&source, &root),
        InputKind::Other => Vec::new(),
    };
    (targets, kind, source)
}

/// Parses a policy held in a string node of `source` (a Terraform `policy` attribute, a
/// CloudFormation `KeyPolicy` written as JSON text), with every span mapped back into `source`.
pub(crate) fn embedded_json(source: &Arc<Source>, node: &Node) -> Result<Node, Box<Finding>> {
    let Value::String(decoded) = &node.value else {
        return Err(Box::new(
            syntax_finding(source, node.span, "expected a JSON string".into(), None)
                .unwrap_or_else(|| unreachable_finding(source)),
        ));
    };
    let map = offset_map(source.text(), node.span, decoded);
    let at = |i: usize| map.get(i).copied().unwrap_or(node.span.start);
    match json::parse(decoded, json::Limits::default()) {
        Ok(mut inner) => {
            remap(&mut inner, &at);
            Ok(inner)
        }
        Err(e) => Err(Box::new(
            syntax_finding(
                source,
                Span::new(at(e.span.start), at(e.span.end)),
                format!("in the embedded policy: {}", e.message),
                e.help,
            )
            .unwrap_or_else(|| unreachable_finding(source)),
        )),
    }
}

fn unreachable_finding(source: &Source) -> Finding {
    // KP001 is always registered; this only keeps the code free of panics.
    Finding {
        code: "KP001",
        name: "json-syntax",
        severity: super::finding::Severity::Error,
        message: "unreadable embedded policy".into(),
        file: source.name().to_string(),
        line: 1,
        column: 1,
        end_line: 1,
        end_column: 1,
        json_pointer: String::new(),
        sid: None,
        statement_index: None,
        help: None,
        notes: Vec::new(),
        labels: Vec::new(),
        kind: "unknown",
        host: None,
        caret_label: None,
    }
}

fn remap(node: &mut Node, at: &impl Fn(usize) -> usize) {
    node.span = Span::new(at(node.span.start), at(node.span.end));
    match &mut node.value {
        Value::Object(members) => {
            for m in members {
                m.key_span = Span::new(at(m.key_span.start), at(m.key_span.end));
                remap(&mut m.value, at);
            }
        }
        Value::Array(items) => {
            for i in items {
                remap(i, at);
            }
        }
        _ => {}
    }
}

/// For each byte offset of `decoded` (and one past the end), the byte offset in `text` it came
/// from. A JSON string literal at `span` is decoded escape by escape; anything else (a YAML
/// block) is matched line by line.
fn offset_map(text: &str, span: Span, decoded: &str) -> Vec<usize> {
    let raw = text.get(span.start..span.end).unwrap_or("");
    if raw.starts_with('"') && raw.ends_with('"') && raw.len() >= 2 {
        if let Some(map) = json_string_map(raw, span.start, decoded) {
            return map;
        }
    }
    line_map(text, span, decoded)
}

fn json_string_map(raw: &str, base: usize, decoded: &str) -> Option<Vec<usize>> {
    let bytes = raw.as_bytes();
    let mut map = Vec::with_capacity(decoded.len() + 1);
    let mut i = 1; // after the opening quote
    let end = raw.len() - 1;
    while i < end {
        let here = base + i;
        if bytes.get(i) == Some(&b'\\') {
            let esc = bytes.get(i + 1).copied()?;
            if esc == b'u' {
                let hex = raw.get(i + 2..i + 6)?;
                let code = u32::from_str_radix(hex, 16).ok()?;
                let mut len = 6;
                let c = if (0xD800..0xDC00).contains(&code) {
                    let low = u32::from_str_radix(raw.get(i + 8..i + 12)?, 16).ok()?;
                    len = 12;
                    char::from_u32(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))?
                } else {
                    char::from_u32(code)?
                };
                map.extend(std::iter::repeat_n(here, c.len_utf8()));
                i += len;
            } else {
                map.push(here);
                i += 2;
            }
        } else {
            let c = raw.get(i..)?.chars().next()?;
            map.extend(std::iter::repeat_n(here, c.len_utf8()));
            i += c.len_utf8();
        }
    }
    map.push(base + end);
    (map.len() == decoded.len() + 1).then_some(map)
}

fn line_map(text: &str, span: Span, decoded: &str) -> Vec<usize> {
    let mut map = Vec::with_capacity(decoded.len() + 1);
    let mut pos = span.start;
    for line in decoded.split_inclusive('\n') {
        let content = line.trim_end_matches('\n');
        let found = if content.trim().is_empty() {
            None
        } else {
            text.get(pos..span.end.max(pos))
                .and_then(|t| t.find(content))
                .map(|i| pos + i)
        };
        match found {
            Some(at) => {
                map.extend((0..content.len()).map(|k| at + k));
                pos = at + content.len();
            }
            None => map.extend(std::iter::repeat_n(pos, content.len())),
        }
        if line.ends_with('\n') {
            map.push(pos);
        }
    }
    map.push(pos);
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_policy_spans_land_in_the_host() {
        let host = r#"{"policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Action\":\"kms:Decrpyt\"}]}"}"#;
        let source = Source::new("plan.json", host);
        let root = json::parse(host, json::Limits::default()).unwrap();
        let Value::Object(m) = &root.value else {
            panic!()
        };
        let inner = embedded_json(&source, &m[0].value).unwrap();
        let Value::Object(im) = &inner.value else {
            panic!()
        };
        let Value::Array(st) = &im[1].value.value else {
            panic!()
        };
        let Value::Object(sm) = &st[0].value else {
            panic!()
        };
        let s = sm[0].value.span;
        assert_eq!(host.get(s.start..s.end), Some(r#"\"kms:Decrpyt\""#));
    }

    #[test]
    fn classifies_inputs() {
        let p = |t: &str| classify(&json::parse(t, json::Limits::default()).unwrap());
        assert_eq!(p(r#"{"Statement": []}"#), InputKind::Policy);
        assert_eq!(
            p(r#"{"Resources": {"K": {"Type": "AWS::KMS::Key"}}}"#),
            InputKind::CloudFormation
        );
        assert_eq!(
            p(r#"{"format_version": "1.2", "planned_values": {}}"#),
            InputKind::TerraformPlan
        );
        assert_eq!(p(r#"{"keys": []}"#), InputKind::Other);
    }
}
