//! SARIF 2.1.0, shaped for GitHub code scanning: every rule of the registry as a
//! `reportingDescriptor` (with help text, default level and, for security rules,
//! `security-severity`), one location per result, stable `partialFingerprints`, and the policy
//! facts (JSON pointer, Sid, kind) in `properties`.

use serde_json::{json, Value};

use crate::lint::catalog;
use crate::lint::finding::Severity;
use crate::lint::registry::RULES;
use crate::lint::Report;

/// The SARIF 2.1.0 schema URI.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The SARIF document of a report.
pub fn render(report: &Report) -> String {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            let m = r.meta();
            let mut tags = vec!["kms", m.group()];
            let scope = match m.applies.as_str() {
                "K" => "key-policy",
                "I" => "identity-policy",
                "K,I" => "policy",
                _ => "key-resource",
            };
            if !tags.contains(&scope) {
                tags.push(scope);
            }
            let mut properties = json!({
                "tags": tags,
                "precision": "high",
            });
            if let Some(s) = m.security_severity {
                properties["security-severity"] = json!(s);
                if let Some(tags) = properties["tags"].as_array_mut() {
                    if !tags.contains(&json!("security")) {
                        tags.insert(0, json!("security"));
                    }
                }
            } else {
                properties["problem.severity"] = json!(match m.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "recommendation",
                });
            }
            json!({
                "id": m.code,
                "name": m.name,
                "shortDescription": {"text": m.summary},
                "fullDescription": {"text": m.summary},
                "help": {"text": m.doc, "markdown": m.doc},
                "defaultConfiguration": {"level": level(m.severity)},
                "properties": properties,
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let rule_index = RULES
                .iter()
                .position(|r| r.meta().code == f.code)
                .unwrap_or(0);
            let mut message = f.message.clone();
            if let Some(h) = &f.help {
                message.push_str(&format!(". Help: {h}"));
            }
            let mut properties = json!({
                "json_pointer": f.json_pointer,
                "policy_kind": f.kind,
            });
            if let Some(s) = &f.sid {
                properties["sid"] = json!(s);
            }
            if let Some(i) = f.statement_index {
                properties["statement_index"] = json!(i);
            }
            if let Some(h) = &f.host {
                properties["host"] = json!(h);
            }
            let mut result = json!({
                "ruleId": f.code,
                "ruleIndex": rule_index,
                "level": level(f.severity),
                "message": {"text": message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.file},
                        "region": {
                            "startLine": f.line,
                            "startColumn": f.column,
                            "endLine": f.end_line,
                            "endColumn": f.end_column.max(1),
                        }
                    }
                }],
                "partialFingerprints": {"kmspolicy/v1": f.fingerprint()},
                "properties": properties,
            });
            if !f.labels.is_empty() {
                result["relatedLocations"] = Value::Array(
                    f.labels
                        .iter()
                        .enumerate()
                        .map(|(i, l)| {
                            json!({
                                "id": i + 1,
                                "message": {"text": l.message},
                                "physicalLocation": {
                                    "artifactLocation": {"uri": f.file},
                                    "region": {
                                        "startLine": l.region.line,
                                        "startColumn": l.region.column,
                                        "endLine": l.region.end_line,
                                        "endColumn": l.region.end_column.max(1),
                                    }
                                }
                            })
                        })
                        .collect(),
                );
            }
            result
        })
        .collect();
    let data_date = catalog::catalog()
        .map(|c| c.snapshot.data_date.clone())
        .unwrap_or_default();
    let doc = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "kmspolicy",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
                "properties": {"data_snapshot": data_date},
            }},
            "automationDetails": {"id": "kmspolicy-lint/"},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}
