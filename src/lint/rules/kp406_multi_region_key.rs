//! KP406 `multi-region-key`: a multi-Region key
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP406`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP406: A multi-Region key
pub(crate) struct MultiRegionKey;

static META: RuleMeta = RuleMeta {
    code: "KP406",
    name: "multi-region-key",
    severity: Severity::Info,
    applies: Applies::KeyResource,
    summary: "A multi-Region key",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

`MultiRegion: true` / `multi_region = true`.

## Why

Key material is replicated to other Regions, and each replica has its own key policy to review.

## Example

Bad:

```json
MultiRegion: true
```

Good:

```json
omit it unless replicas are needed
```
"#;

impl Rule for MultiRegionKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_key(&self, cx: &KeyCx<'_>, out: &mut Vec<Finding>) {
        let key = cx.key;
        if key.prop_bool("MultiRegion") == Some(true) {
            let span = key.prop("MultiRegion").map_or(key.span, |n| n.span);
            out.push(
                cx.finding(&META, span, "the key is multi-Region")
                    .help("confirm the replicas are intended; lint their key policies too"),
            );
        }
    }
}
