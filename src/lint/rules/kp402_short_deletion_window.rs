//! KP402 `short-deletion-window`: a deletion window shorter than 30 days
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP402`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP402: A deletion window shorter than 30 days
pub(crate) struct ShortDeletionWindow;

static META: RuleMeta = RuleMeta {
    code: "KP402",
    name: "short-deletion-window",
    severity: Severity::Info,
    applies: Applies::KeyResource,
    summary: "A deletion window shorter than 30 days",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

`PendingWindowInDays` / `deletion_window_in_days` below 30 (valid values are 7–30). Setting it does not schedule deletion; it sets how long a scheduled deletion waits.

## Why

A shorter window leaves less time to notice and cancel a deletion.

## Example

Bad:

```json
PendingWindowInDays: 7
```

Good:

```json
PendingWindowInDays: 30
```
"#;

impl Rule for ShortDeletionWindow {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_key(&self, cx: &KeyCx<'_>, out: &mut Vec<Finding>) {
        let key = cx.key;
        if let Some(days) = key
            .prop_str("PendingWindowInDays")
            .and_then(|d| d.parse::<u32>().ok())
        {
            if days < 30 {
                let span = key.prop("PendingWindowInDays").map_or(key.span, |n| n.span);
                out.push(
                    cx.finding(&META, span, format!("deletion window of {days} days"))
                        .help("use 30 days unless a shorter window is required"),
                );
            }
        }
    }
}
