//! KP215 `encryption-context-case`: encryption-context key names that differ only by case in one statement
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP215`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP215: Encryption-context key names that differ only by case in one statement
pub(crate) struct EncryptionContextCase;

static META: RuleMeta = RuleMeta {
    code: "KP215",
    name: "encryption-context-case",
    severity: Severity::Warning,
    applies: Applies::Both,
    summary: "Encryption-context key names that differ only by case in one statement",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

In one statement, a `kms:EncryptionContextKeys` value (under a case-sensitive operator) and a `kms:EncryptionContext:<k>` condition key that name the same context key in different case (`dept` and `Dept`), or two `kms:EncryptionContext:<k>` keys that differ only by case.

## Why

Condition-key names are case-insensitive, but the values of `kms:EncryptionContextKeys` are compared with the request's context keys case-sensitively. The two tests disagree about how the context key is spelled, so the statement matches only one spelling, usually not the one intended; two case variants of one condition key in a block are rejected.

## Example

Bad:

```json
"StringEquals": {"kms:EncryptionContext:Dept": "IT"},
"ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["dept"]}
```

Good:

```json
"StringEquals": {"kms:EncryptionContext:Dept": "IT"},
"ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["Dept"]}
```
"#;

impl Rule for EncryptionContextCase {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        const PREFIX: usize = "kms:EncryptionContext:".len();
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            let conds = conditions(ast);
            let names: Vec<(&str, Span)> = conds
                .iter()
                .filter(|c| c.key_lower.starts_with("kms:encryptioncontext:"))
                .filter_map(|c| c.key.get(PREFIX..).map(|n| (n, c.key_span)))
                .collect();
            for (j, (b, b_span)) in names.iter().enumerate() {
                if let Some((a, a_span)) = names
                    .iter()
                    .take(j)
                    .find(|(a, _)| a != b && a.eq_ignore_ascii_case(b))
                {
                    let mut f = cx
                        .finding(&META, *b_span, format!("`kms:EncryptionContext:{b}` and `kms:EncryptionContext:{a}` differ only by case"))
                        .help("spell the context key the same way everywhere");
                    f.labels.push(cx.label(*a_span, "the other spelling"));
                    out.push(f);
                }
            }
            for c in conds {
                let sensitive = matches!(
                    c.operator.base,
                    BaseOp::StringEquals
                        | BaseOp::StringNotEquals
                        | BaseOp::StringLike
                        | BaseOp::StringNotLike
                );
                if c.key_lower != "kms:encryptioncontextkeys" || !sensitive {
                    continue;
                }
                for v in &c.values.items {
                    let t = v.text();
                    let Some((name, span)) = names
                        .iter()
                        .find(|(n, _)| *n != t && n.eq_ignore_ascii_case(&t))
                    else {
                        continue;
                    };
                    let mut f = cx
                        .finding(&META, v.span, format!("`kms:EncryptionContextKeys` value `{t}` and condition key `kms:EncryptionContext:{name}` spell the context key differently"))
                        .note("condition-key names are case-insensitive, but `kms:EncryptionContextKeys` values are compared case-sensitively")
                        .help("spell the context key the same way in both");
                    f.labels.push(cx.label(*span, "the other spelling"));
                    out.push(f);
                }
            }
        }
    }
}
