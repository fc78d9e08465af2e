//! KP214 `account-id-format`: an account-id key compared with something that is not 12 digits (or an org id not `o-…`)
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP214`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP214: An account-id key compared with something that is not 12 digits (or an org id not `o-…`)
pub(crate) struct AccountIdFormat;

static META: RuleMeta = RuleMeta {
    code: "KP214",
    name: "account-id-format",
    severity: Severity::Error,
    applies: Applies::Both,
    summary:
        "An account-id key compared with something that is not 12 digits (or an org id not `o-…`)",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A value of `kms:CallerAccount`, `aws:PrincipalAccount`, `aws:SourceAccount` or `aws:ResourceAccount` that is not 12 digits, or an `aws:PrincipalOrgID` value that does not start with `o-`.

## Why

The condition never matches.

## Example

Bad:

```json
"StringEquals": {"kms:CallerAccount": "11112222333"}
```

Good:

```json
"StringEquals": {"kms:CallerAccount": "111122223333"}
```
"#;

impl Rule for AccountIdFormat {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            for c in conditions(ast) {
                if c.operator.base == BaseOp::Null {
                    continue;
                }
                let account = cx
                    .catalog
                    .tables
                    .account_id_keys
                    .iter()
                    .any(|k| k.eq_ignore_ascii_case(&c.key));
                let org = c.key_lower == "aws:principalorgid";
                if !account && !org {
                    continue;
                }
                for v in &c.values.items {
                    let t = v.text();
                    if t.contains(['*', '?']) || t.contains("${") {
                        continue;
                    }
                    let ok = if account {
                        t.len() == 12 && t.bytes().all(|b| b.is_ascii_digit())
                    } else {
                        t.starts_with("o-") && t.len() > 2
                    };
                    if !ok {
                        let what = if account {
                            "a 12-digit account id"
                        } else {
                            "an organization id (`o-…`)"
                        };
                        out.push(
                            cx.finding(
                                &META,
                                v.span,
                                format!("`{t}` is not {what} for `{}`", c.key),
                            )
                            .help("the condition never matches"),
                        );
                    }
                }
            }
        }
    }
}
