//! KP121 `usage-without-context-constraint`: cryptographic use allowed with no service, context or endpoint constraint
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP121`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP121: Cryptographic use allowed with no service, context or endpoint constraint
pub(crate) struct UsageWithoutContextConstraint;

static META: RuleMeta = RuleMeta {
    code: "KP121",
    name: "usage-without-context-constraint",
    severity: Severity::Info,
    applies: Applies::Both,
    summary: "Cryptographic use allowed with no service, context or endpoint constraint",
    doc: DOC,
    security_severity: Some("2.0"),
};

const DOC: &str = r#"## What

An `Allow` of `kms:Encrypt`, `kms:Decrypt`, `kms:ReEncrypt*` or `kms:GenerateDataKey*` (in a key policy: to a named role, user or service; the account principal and `"*"` are other rules' business) with no `kms:ViaService`, no `kms:EncryptionContext:<k>` or `kms:EncryptionContextKeys`, and no `aws:SourceVpce` condition. Meant for a strict profile: raise it with `[rules] KP121 = "warning"` or turn it off.

## Why

Least privilege: tying key use to the service that should relay it, or to the data set named by the encryption context, stops a leaked credential from decrypting anything else. AWS-managed keys always pin `kms:ViaService`.

## Example

Bad:

```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "kms:Decrypt", "Resource": "*"}
```

Good:

```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "kms:Decrypt", "Resource": "*",
 "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}}
```
"#;

impl Rule for UsageWithoutContextConstraint {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            if ast.effect != Effect::Allow {
                continue;
            }
            if cx.doc.kind == LintKind::Key
                && !principal_values(st, ast)
                    .iter()
                    .any(|(v, _)| is_named_principal(v))
            {
                continue;
            }
            let used: Vec<String> = kms_actions(cx.catalog, ast)
                .iter()
                .filter(|a| USE.contains(&a.name.as_str()))
                .map(|a| a.name.clone())
                .collect();
            if used.is_empty() {
                continue;
            }
            let constrained = conditions(ast).iter().any(|c| {
                c.key_lower == "kms:viaservice"
                    || c.key_lower.starts_with("kms:encryptioncontext")
                    || c.key_lower == "aws:sourcevpce"
            });
            if constrained {
                continue;
            }
            let span = ast.action.as_ref().map_or(st.node.span, |a| a.span);
            out.push(
                cx.finding(
                    &META,
                    span,
                    format!(
                        "{} allowed with no `kms:ViaService`, encryption-context or `aws:SourceVpce` condition",
                        list_actions(&used, 3)
                    ),
                )
                .help("add `\"StringEquals\": {\"kms:ViaService\": \"SERVICE.REGION.amazonaws.com\"}` or an encryption-context condition"),
            );
        }
    }
}

/// The usage actions this rule looks at.
const USE: &[&str] = &[
    "Encrypt",
    "Decrypt",
    "ReEncryptFrom",
    "ReEncryptTo",
    "GenerateDataKey",
    "GenerateDataKeyWithoutPlaintext",
    "GenerateDataKeyPair",
    "GenerateDataKeyPairWithoutPlaintext",
];
