//! KP024 `policy-too-large`: a key policy over 32,768 bytes, or an identity policy over the IAM managed-policy quota
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP024`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP024: A key policy over 32,768 bytes, or an identity policy over the IAM managed-policy quota
pub(crate) struct PolicyTooLarge;

static META: RuleMeta = RuleMeta {
    code: "KP024",
    name: "policy-too-large",
    severity: Severity::Error,
    applies: Applies::Both,
    summary:
        "A key policy over 32,768 bytes, or an identity policy over the IAM managed-policy quota",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A key policy larger than 32,768 bytes, or an identity policy larger than 6,144 characters (the IAM managed-policy quota, counted without white space as IAM does).

## Why

AWS rejects the policy.

## Example

Bad:

```json
a 40 KB key policy listing hundreds of roles
```

Good:

```json
delegate to the account with the root statement and grant the roles through IAM
```
"#;

impl Rule for PolicyTooLarge {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        let (limit, what) = match cx.doc.kind {
            LintKind::Key => (32_768, "key policy"),
            LintKind::Identity => (6_144, "managed identity policy"),
            _ => return,
        };
        let size = if cx.doc.kind == LintKind::Identity {
            crate::lint::input::cfn::compact_len(&cx.doc.root)
        } else {
            cx.doc.size
        };
        if size > limit {
            let span = Span::new(cx.doc.root.span.start, cx.doc.root.span.start + 1);
            out.push(
                cx.finding(
                    &META,
                    span,
                    format!("the {what} is {size} bytes; the limit is {limit}"),
                )
                .help("split statements, or delegate to the account and grant through IAM"),
            );
        }
    }
}
