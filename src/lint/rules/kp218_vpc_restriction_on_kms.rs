//! KP218 `vpc-restriction-on-kms`: `aws:SourceVpc`/`aws:SourceVpce` on KMS actions without a service-call exception
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP218`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP218: `aws:SourceVpc`/`aws:SourceVpce` on KMS actions without a service-call exception
pub(crate) struct VpcRestrictionOnKms;

static META: RuleMeta = RuleMeta {
    code: "KP218",
    name: "vpc-restriction-on-kms",
    severity: Severity::Warning,
    applies: Applies::Both,
    summary: "`aws:SourceVpc`/`aws:SourceVpce` on KMS actions without a service-call exception",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

An `aws:SourceVpc` or `aws:SourceVpce` test in a statement that covers `kms:` actions, with no exception for calls made by AWS services (`aws:ViaAWSService`, `kms:ViaService`, `aws:CalledVia…`).

## Why

Calls that integrated services (EBS, S3, RDS, …) make to KMS for you do not come through your VPC endpoint, so they carry neither key: a `Deny` on them refuses the service's calls and an `Allow` on them does not cover them.

## Example

Bad:

```json
{"Effect": "Deny", "Action": "kms:*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}}
```

Good:

```json
{"Effect": "Deny", "Action": "kms:*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}, "BoolIfExists": {"aws:ViaAWSService": "false"}}}
```
"#;

impl Rule for VpcRestrictionOnKms {
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

const KEYS: &[&str] = &["aws:sourcevpc", "aws:sourcevpce"];
const NOTE: &str = "KMS calls that AWS services make for you do not pass through your VPC endpoint";
const HELP: &str = "add `\"BoolIfExists\": {\"aws:ViaAWSService\": \"false\"}` (or a `kms:ViaService` test) to the statement";
