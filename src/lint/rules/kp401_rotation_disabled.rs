//! KP401 `rotation-disabled`: a symmetric encryption key without automatic rotation
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP401`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP401: A symmetric encryption key without automatic rotation
pub(crate) struct RotationDisabled;

static META: RuleMeta = RuleMeta {
    code: "KP401",
    name: "rotation-disabled",
    severity: Severity::Warning,
    applies: Applies::KeyResource,
    summary: "A symmetric encryption key without automatic rotation",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A `SYMMETRIC_DEFAULT` `ENCRYPT_DECRYPT` key (the default) without `EnableKeyRotation: true` / `enable_key_rotation = true`. Keys where automatic rotation is unsupported (asymmetric, HMAC, imported material, custom key stores) are skipped.

## Why

Key material that never rotates stays in use for as long as the key lives.

## Example

Bad:

```json
EnableKeyRotation: false
```

Good:

```json
EnableKeyRotation: true
```
"#;

impl Rule for RotationDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_key(&self, cx: &KeyCx<'_>, out: &mut Vec<Finding>) {
        let key = cx.key;
        let spec = key
            .prop_str("KeySpec")
            .unwrap_or_else(|| "SYMMETRIC_DEFAULT".into());
        let usage = key
            .prop_str("KeyUsage")
            .unwrap_or_else(|| "ENCRYPT_DECRYPT".into());
        let external = key.prop_str("Origin").is_some_and(|o| o != "AWS_KMS")
            || key.prop("CustomKeyStoreId").is_some();
        if spec != "SYMMETRIC_DEFAULT" || usage != "ENCRYPT_DECRYPT" || external {
            return;
        }
        if key.prop_bool("EnableKeyRotation") != Some(true) {
            let span = key.prop("EnableKeyRotation").map_or(key.span, |n| n.span);
            out.push(
                cx.finding(&META, span, "automatic key rotation is not enabled")
                    .help(if key.cloudformation {
                        "set `EnableKeyRotation: true`"
                    } else {
                        "set `enable_key_rotation = true`"
                    }),
            );
        }
    }
}
