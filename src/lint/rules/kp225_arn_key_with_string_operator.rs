//! KP225 `arn-key-with-string-operator`: a string operator on an ARN-typed condition key
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP225`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP225: A string operator on an ARN-typed condition key
pub(crate) struct ArnKeyWithStringOperator;

static META: RuleMeta = RuleMeta {
    code: "KP225",
    name: "arn-key-with-string-operator",
    severity: Severity::Info,
    applies: Applies::Both,
    summary: "A string operator on an ARN-typed condition key",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A `String…` operator on a key whose type is ARN (`aws:PrincipalArn`, `aws:SourceArn`, `kms:GrantConstraintSourceArn`, …).

## Why

It works, but the `Arn…` operators compare the ARN field by field and say what the value is; a reviewer does not have to wonder whether case or wildcards behave differently.

## Example

Bad:

```json
"StringLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/App*"}
```

Good:

```json
"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/App*"}
```
"#;

impl Rule for ArnKeyWithStringOperator {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            for c in conditions(ast) {
                let Some(info) = cx.catalog.key(&c.key) else {
                    continue;
                };
                if !matches!(info.type_.as_str(), "ARN" | "ArrayOfARN") {
                    continue;
                }
                let base = match c.operator.base {
                    BaseOp::StringEquals | BaseOp::StringEqualsIgnoreCase => BaseOp::ArnEquals,
                    BaseOp::StringNotEquals | BaseOp::StringNotEqualsIgnoreCase => {
                        BaseOp::ArnNotEquals
                    }
                    BaseOp::StringLike => BaseOp::ArnLike,
                    BaseOp::StringNotLike => BaseOp::ArnNotLike,
                    _ => continue,
                };
                let better = Operator { base, ..c.operator };
                out.push(
                    cx.finding(
                        &META,
                        c.key_span,
                        format!("`{}` on ARN key `{}`", c.operator_text, c.key),
                    )
                    .help(format!("use `{}`", better.canonical_name())),
                );
            }
        }
    }
}
