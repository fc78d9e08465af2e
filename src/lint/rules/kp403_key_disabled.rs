//! KP403 `key-disabled`: the key is created disabled
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP403`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP403: The key is created disabled
pub(crate) struct KeyDisabled;

static META: RuleMeta = RuleMeta {
    code: "KP403",
    name: "key-disabled",
    severity: Severity::Info,
    applies: Applies::KeyResource,
    summary: "The key is created disabled",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

`Enabled: false` / `is_enabled = false`.

## Why

Everything that depends on the key fails to encrypt and decrypt.

## Example

Bad:

```json
Enabled: false
```

Good:

```json
remove the property (keys are enabled by default)
```
"#;

impl Rule for KeyDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_key(&self, cx: &KeyCx<'_>, out: &mut Vec<Finding>) {
        let key = cx.key;
        if key.prop_bool("Enabled") == Some(false) {
            let span = key.prop("Enabled").map_or(key.span, |n| n.span);
            out.push(
                cx.finding(&META, span, "the key is disabled")
                    .help("remove the setting or confirm the key is meant to be unusable"),
            );
        }
    }
}
