//! KP303 `redundant-statement`: a statement whose access another statement already grants (or denies)
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP303`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP303: A statement whose access another statement already grants (or denies)
pub(crate) struct RedundantStatement;

static META: RuleMeta = RuleMeta {
    code: "KP303",
    name: "redundant-statement",
    severity: Severity::Info,
    applies: Applies::Both,
    summary: "A statement whose access another statement already grants (or denies)",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

Two statements with the same effect where one covers the other: its principals include the other's (or are `"*"`), each of the other's actions and resources is covered by one of its own patterns, and its conditions are a subset of the other's. Statements with `NotPrincipal`, `NotAction` or `NotResource` are not compared. The narrower (or, for identical statements, the later) statement is reported.

## Why

The policy says the same thing twice; when only one copy is edited later, the other silently keeps the old access.

## Example

Bad:

```json
{"Sid": "Use", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": ["kms:Decrypt", "kms:Encrypt"], "Resource": "*"},
{"Sid": "UseAgain", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "kms:Decrypt", "Resource": "*"}
```

Good:

```json
{"Sid": "Use", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": ["kms:Decrypt", "kms:Encrypt"], "Resource": "*"}
```
"#;

impl Rule for RedundantStatement {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        let shapes: Vec<Option<Shape>> = cx
            .statements
            .iter()
            .map(|st| st.ast.and_then(shape))
            .collect();
        for (j, st) in cx.statements.iter().enumerate() {
            let Some(Some(b)) = shapes.get(j) else {
                continue;
            };
            let cover = shapes.iter().enumerate().find_map(|(i, a)| {
                let a = a.as_ref()?;
                (i != j && covers(a, b) && (i < j || !covers(b, a))).then_some((i, a))
            });
            let Some((i, a)) = cover else { continue };
            let Some(other) = cx.statements.get(i) else {
                continue;
            };
            let message = if covers(b, a) {
                format!(
                    "statement {} grants the same access as statement {}",
                    name(st),
                    name(other)
                )
            } else {
                format!(
                    "statement {} is already covered by statement {}",
                    name(st),
                    name(other)
                )
            };
            let mut f = cx
                .finding(&META, anchor(st), message)
                .help("merge the statements, or remove the redundant one");
            f.labels.push(cx.label(anchor(other), "covers it"));
            out.push(f);
        }
    }
}

/// What a statement grants, in comparable form.
struct Shape {
    effect: Effect,
    /// `None` outside resource policies; `"*"` for everyone.
    principals: Option<Vec<String>>,
    actions: Vec<String>,
    resources: Vec<String>,
    conditions: Vec<String>,
}

fn shape(st: &Statement) -> Option<Shape> {
    let action = st
        .action
        .as_ref()
        .filter(|a| !a.negated && !a.patterns.items.is_empty())?;
    let resource = st.resource.as_ref().filter(|r| !r.negated)?;
    let principals = match &st.principal {
        Some(p) if p.negated => return None,
        Some(p) if p.star => Some(vec!["*".to_string()]),
        Some(p) => Some(
            p.entries
                .iter()
                .flat_map(|e| {
                    e.values.items.iter().map(move |v| match v {
                        PrincipalValue::Any => "*".to_string(),
                        v => format!("{}:{}", e.kind, v.text()),
                    })
                })
                .collect(),
        ),
        None => None,
    };
    let mut conditions: Vec<String> = conditions(st)
        .iter()
        .map(|c| {
            let mut values: Vec<String> = c.values.items.iter().map(|v| v.text()).collect();
            values.sort();
            format!(
                "{}\u{0}{}\u{0}{}",
                c.operator.canonical_name(),
                c.key_lower,
                values.join("\u{0}")
            )
        })
        .collect();
    conditions.sort();
    Some(Shape {
        effect: st.effect,
        principals,
        actions: action
            .patterns
            .items
            .iter()
            .map(|p| p.text.to_ascii_lowercase())
            .collect(),
        resources: resource
            .patterns
            .items
            .iter()
            .map(|p| p.text.clone())
            .collect(),
        conditions,
    })
}

/// Whether `a` grants (or denies) everything `b` does.
fn covers(a: &Shape, b: &Shape) -> bool {
    let patterns = |outer: &[String], inner: &[String]| {
        inner
            .iter()
            .all(|p| outer.iter().any(|q| pattern_covers(q, p)))
    };
    let principals = match (&a.principals, &b.principals) {
        (None, None) => true,
        (Some(pa), Some(pb)) => {
            !pb.is_empty() && (pa.iter().any(|p| p == "*") || pb.iter().all(|p| pa.contains(p)))
        }
        _ => false,
    };
    a.effect == b.effect
        && principals
        && patterns(&a.actions, &b.actions)
        && patterns(&a.resources, &b.resources)
        && a.conditions.iter().all(|c| b.conditions.contains(c))
}

/// `"Sid"` or `#index`.
fn name(st: &StmtView<'_>) -> String {
    match st.sid {
        Some(s) => format!("\"{s}\""),
        None => format!("#{}", st.index),
    }
}

/// Where to point: the statement's `Sid`, else its `Action`, else the statement.
fn anchor(st: &StmtView<'_>) -> Span {
    st.member("Sid")
        .or_else(|| st.member("Action"))
        .map_or(st.node.span, |m| m.value.span)
}
