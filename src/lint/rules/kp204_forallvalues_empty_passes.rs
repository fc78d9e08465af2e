//! KP204 `forallvalues-empty-passes`: `ForAllValues` on a multi-valued key with nothing requiring the key to be present
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP204`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP204: `ForAllValues` on a multi-valued key with nothing requiring the key to be present
pub(crate) struct ForallvaluesEmptyPasses;

static META: RuleMeta = RuleMeta {
    code: "KP204",
    name: "forallvalues-empty-passes",
    severity: Severity::Warning,
    applies: Applies::Both,
    summary: "`ForAllValues` on a multi-valued key with nothing requiring the key to be present",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

An `Allow` with `ForAllValues:` on a multi-valued key (`kms:EncryptionContextKeys`, `kms:GrantOperations`, `aws:TagKeys`, …) and nothing in the same statement that requires a value: no `"Null": {"<key>": "false"}`, no `ForAnyValue:` test of the same key, and, for `kms:EncryptionContextKeys`, no positive `kms:EncryptionContext:<k>` test. Keys every action of the statement always supplies (`kms:GrantOperations` with `kms:CreateGrant`, whose operations are required) are exempt.

## Why

`ForAllValues` checks only the values that are there. A request with no encryption context (or no grant operations, no tags) has nothing to check, so it satisfies the condition.

## Example

Bad:

```json
"ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["tenant", "region"]}
```

Good:

```json
"ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["tenant", "region"]},
"Null": {"kms:EncryptionContextKeys": "false"}
```
"#;

impl Rule for ForallvaluesEmptyPasses {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            if ast.effect != Effect::Allow {
                continue;
            }
            let conds = conditions(ast);
            for c in conds {
                if c.operator.set != SetOp::ForAllValues
                    || c.operator.base == BaseOp::Null
                    || !cx.catalog.key(&c.key).is_some_and(|k| k.multi_valued())
                {
                    continue;
                }
                let guarded = conds.iter().any(|o| {
                    let same = o.key_lower == c.key_lower;
                    let not_null = o.operator.base == BaseOp::Null
                        && o.values
                            .items
                            .iter()
                            .all(|v| v.text().eq_ignore_ascii_case("false"));
                    let any = o.operator.set == SetOp::ForAnyValue && positive(o);
                    let pair = c.key_lower == "kms:encryptioncontextkeys"
                        && o.key_lower.starts_with("kms:encryptioncontext:")
                        && positive(o);
                    (same && (not_null || any)) || pair
                });
                // A key that every action of the statement always supplies cannot be absent
                // (`kms:GrantOperations` on `kms:CreateGrant`, which requires operations).
                let actions = kms_actions(cx.catalog, ast);
                let present = Catalog::key_in(&cx.catalog.tables.always_present_kms_keys, &c.key)
                    && !actions.is_empty()
                    && actions
                        .iter()
                        .all(|a| cx.catalog.action_supplies(a, &c.key));
                if guarded || present {
                    continue;
                }
                out.push(
                    cx.finding(
                        &META,
                        c.key_span,
                        format!(
                            "`{}` on `{}` also holds for a request without `{}`",
                            c.operator_text, c.key, c.key
                        ),
                    )
                    .note("ForAllValues is true when the request has no value for the key")
                    .help(format!(
                        "add `\"Null\": {{\"{}\": \"false\"}}` to the same statement",
                        c.key
                    )),
                );
            }
        }
    }
}
