//! Printing a policy back to JSON.
//!
//! The output keeps every choice the author made that carries meaning or aids review: single value
//! versus array, `"*"` versus `{"AWS": "*"}`, the text of every pattern and value. Parsing the
//! output gives an equal AST (a property test checks it).

use super::condition::RawValue;
use super::*;
use crate::json::write_string;

pub(super) fn print_policy(p: &Policy) -> String {
    let mut out = String::from("{\n");
    let mut first = true;
    let mut field = |out: &mut String, name: &str, value: &str| {
        if !first {
            out.push_str(",\n");
        }
        first = false;
        out.push_str("  ");
        write_string(out, name);
        out.push_str(": ");
        out.push_str(value);
    };
    if let Some(v) = p.version {
        field(&mut out, "Version", &quoted(v.as_str()));
    }
    if let Some(id) = &p.id {
        field(&mut out, "Id", &quoted(id));
    }
    let statements: Vec<String> = p.statements.iter().map(statement).collect();
    let body = if p.statement_array {
        format!("[\n    {}\n  ]", statements.join(",\n    "))
    } else {
        statements.into_iter().next().unwrap_or_else(|| "{}".into())
    };
    field(&mut out, "Statement", &body);
    out.push_str("\n}\n");
    out
}

fn quoted(s: &str) -> String {
    let mut out = String::new();
    write_string(&mut out, s);
    out
}

fn list<T>(l: &OneOrMany<T>, text: impl Fn(&T) -> String) -> String {
    if l.array {
        let items: Vec<String> = l.items.iter().map(text).collect();
        format!("[{}]", items.join(", "))
    } else {
        l.items.first().map(text).unwrap_or_else(|| "[]".into())
    }
}

fn statement(s: &Statement) -> String {
    let mut parts = Vec::new();
    if let Some(sid) = &s.sid {
        parts.push(format!("\"Sid\": {}", quoted(sid)));
    }
    parts.push(format!("\"Effect\": {}", quoted(s.effect.as_str())));
    if let Some(p) = &s.principal {
        let name = if p.negated {
            "NotPrincipal"
        } else {
            "Principal"
        };
        let value = if p.star {
            quoted("*")
        } else {
            let entries: Vec<String> = p
                .entries
                .iter()
                .map(|e| {
                    format!(
                        "{}: {}",
                        quoted(&e.kind),
                        list(&e.values, |v| quoted(v.text()))
                    )
                })
                .collect();
            format!("{{{}}}", entries.join(", "))
        };
        parts.push(format!("\"{name}\": {value}"));
    }
    if let Some(a) = &s.action {
        let name = if a.negated { "NotAction" } else { "Action" };
        parts.push(format!(
            "\"{name}\": {}",
            list(&a.patterns, |p| quoted(&p.text))
        ));
    }
    if let Some(r) = &s.resource {
        let name = if r.negated { "NotResource" } else { "Resource" };
        parts.push(format!(
            "\"{name}\": {}",
            list(&r.patterns, |p| quoted(&p.text))
        ));
    }
    if let Some(conditions) = &s.conditions {
        // Group consecutive entries by operator text, in order (the AST keeps one entry per key).
        let mut groups: Vec<(String, Vec<String>)> = Vec::new();
        for c in conditions {
            let values = list(&c.values, |v| match &v.raw {
                RawValue::String(s) => quoted(s),
                RawValue::Number(n) => n.clone(),
                RawValue::Bool(b) => b.to_string(),
            });
            let entry = format!("{}: {values}", quoted(&c.key));
            match groups.iter_mut().find(|(op, _)| *op == c.operator_text) {
                Some((_, keys)) => keys.push(entry),
                None => groups.push((c.operator_text.clone(), vec![entry])),
            }
        }
        let ops: Vec<String> = groups
            .into_iter()
            .map(|(op, keys)| format!("{}: {{{}}}", quoted(&op), keys.join(", ")))
            .collect();
        parts.push(format!("\"Condition\": {{{}}}", ops.join(", ")));
    }
    format!("{{\n      {}\n    }}", parts.join(",\n      "))
}
