//! KP217 `source-ip-on-kms`: `aws:SourceIp` in a statement governing KMS actions
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP217`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP217: `aws:SourceIp` in a statement governing KMS actions
pub(crate) struct SourceIpOnKms;

static META: RuleMeta = RuleMeta {
    code: "KP217",
    name: "source-ip-on-kms",
    severity: Severity::Warning,
    applies: Applies::Both,
    summary: "`aws:SourceIp` in a statement governing KMS actions",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

An `aws:SourceIp` test (any operator, any effect) in a statement that covers `kms:` actions, with no exception for calls made by AWS services (`aws:ViaAWSService`, `kms:ViaService`, `aws:CalledVia…`).

## Why

When EBS, S3 or another integrated service calls KMS for you, the call comes from AWS addresses, and calls through a VPC endpoint carry no `aws:SourceIp` at all. A `Deny` on source IP then breaks the integrations; an `Allow` on it does not cover them.

## Example

Bad:

```json
{"Effect": "Deny", "Action": "kms:*", "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}
```

Good:

```json
{"Effect": "Deny", "Action": "kms:*", "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}, "Bool": {"aws:ViaAWSService": "false"}}}
```
"#;

impl Rule for SourceIpOnKms {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            if kms_actions(cx.catalog, ast).is_empty() || has_service_exception(cx, ast) {
                continue;
            }
            for c in conditions(ast) {
                if !KEYS.contains(&c.key_lower.as_str()) {
                    continue;
                }
                let what = if ast.effect == Effect::Deny {
                    "this Deny also refuses them"
                } else {
                    "this Allow does not cover them"
                };
                out.push(
                    cx.finding(
                        &META,
                        c.key_span,
                        format!("`{}` in a statement governing KMS actions", c.key),
                    )
                    .note(format!("{NOTE}, so {what}"))
                    .help(HELP),
                );
            }
        }
    }
}

const KEYS: &[&str] = &["aws:sourceip"];
const NOTE: &str = "KMS calls that AWS services make for you come from AWS addresses, and calls through a VPC endpoint carry no `aws:SourceIp`";
const HELP: &str = "add `\"Bool\": {\"aws:ViaAWSService\": \"false\"}` (or a `kms:ViaService` test) to the statement, or use `aws:SourceVpce` for direct calls";
