//! KP028 `unsupported-global-key`: a retired global condition key such as `aws:ARN`
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP028`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP028: A retired global condition key such as `aws:ARN`
pub(crate) struct UnsupportedGlobalKey;

static META: RuleMeta = RuleMeta {
    code: "KP028",
    name: "unsupported-global-key",
    severity: Severity::Error,
    applies: Applies::Both,
    summary: "A retired global condition key such as `aws:ARN`",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A condition on a global key AWS has retired.

## Why

AWS rejects it or never supplies the key.

## Example

Bad:

```json
"ArnEquals": {"aws:ARN": "arn:aws:iam::111122223333:role/App"}
```

Good:

```json
"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/App"}
```
"#;

impl Rule for UnsupportedGlobalKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let Some(Value::Object(ops)) = st.member("Condition").map(|c| &c.value.value) else {
                continue;
            };
            for op in ops {
                let Value::Object(keys) = &op.value.value else {
                    continue;
                };
                for k in keys {
                    if let Some((_, r)) = cx
                        .catalog
                        .retired
                        .iter()
                        .find(|(r, _)| r.eq_ignore_ascii_case(&k.key))
                    {
                        out.push(
                            cx.finding(
                                &META,
                                k.key_span,
                                format!("`{}` is a retired global condition key", k.key),
                            )
                            .help(format!("use `{r}`")),
                        );
                    }
                }
            }
        }
    }
}
