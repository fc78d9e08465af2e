//! KP219 `encryption-context-on-non-symmetric`: encryption-context conditions in the policy of an asymmetric or HMAC key
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP219`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP219: Encryption-context conditions in the policy of an asymmetric or HMAC key
pub(crate) struct EncryptionContextOnNonSymmetric;

static META: RuleMeta = RuleMeta {
    code: "KP219",
    name: "encryption-context-on-non-symmetric",
    severity: Severity::Warning,
    applies: Applies::Key,
    summary: "Encryption-context conditions in the policy of an asymmetric or HMAC key",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A `kms:EncryptionContext:<k>` or `kms:EncryptionContextKeys` condition in the key policy of a key whose `KeySpec` (from the CloudFormation template or the Terraform plan) is not `SYMMETRIC_DEFAULT`.

## Why

Asymmetric and HMAC keys take no encryption context, so the key is never in the request: a positive test never holds and the statement grants nothing.

## Example

Bad:

```text
# KeySpec: RSA_2048
"StringEquals": {"kms:EncryptionContext:app": "payments"}
```

Good:

```text
# KeySpec: SYMMETRIC_DEFAULT (or drop the condition)
"StringEquals": {"kms:EncryptionContext:app": "payments"}
```
"#;

impl Rule for EncryptionContextOnNonSymmetric {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        let Some(spec) = cx.doc.key_spec.as_deref() else {
            return;
        };
        if spec.eq_ignore_ascii_case("SYMMETRIC_DEFAULT") {
            return;
        }
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            for c in conditions(ast) {
                if !c.key_lower.starts_with("kms:encryptioncontext") {
                    continue;
                }
                out.push(
                    cx.finding(
                        &META,
                        c.key_span,
                        format!("the key is `{spec}`, which takes no encryption context, so `{}` is never in the request", c.key),
                    )
                    .help("drop the encryption-context condition, or use a `SYMMETRIC_DEFAULT` key"),
                );
            }
        }
    }
}
