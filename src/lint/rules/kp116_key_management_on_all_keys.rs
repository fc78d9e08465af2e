//! KP116 `key-management-on-all-keys`: identity policy allows key administration on every key
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP116`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP116: Identity policy allows key administration on every key
pub(crate) struct KeyManagementOnAllKeys;

static META: RuleMeta = RuleMeta {
    code: "KP116",
    name: "key-management-on-all-keys",
    severity: Severity::Warning,
    applies: Applies::Identity,
    summary: "Identity policy allows key administration on every key",
    doc: DOC,
    security_severity: Some("6.0"),
};

const DOC: &str = r#"## What

An identity-policy `Allow` of `kms:PutKeyPolicy`, `kms:ScheduleKeyDeletion`, `kms:DisableKey`, `kms:CreateGrant`, `kms:ImportKeyMaterial` or `kms:DeleteImportedKeyMaterial` (directly or through a wildcard) on `"*"` or on a `key/*` ARN pattern. A statement allowing every KMS action is reported by KP115 instead.

## Why

These actions change who can use a key or destroy it. The KMS best practices keep them in each key's own policy, where the key's owners can see them, rather than in an identity policy that reaches every key the account can touch.

## Example

Bad:

```text
{"Effect": "Allow", "Action": ["kms:PutKeyPolicy", "kms:ScheduleKeyDeletion"], "Resource": "*"}
```

Good:

```text
// in the key policy of each key:
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/KeyAdmin"}, "Action": ["kms:PutKeyPolicy", "kms:ScheduleKeyDeletion"], "Resource": "*"}
```
"#;

impl Rule for KeyManagementOnAllKeys {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            if ast.effect != Effect::Allow || covers_all_kms(cx, ast) {
                continue;
            }
            let Some(res) = ast.resource.as_ref().filter(|r| !r.negated) else {
                continue;
            };
            let Some(all) = res.patterns.items.iter().find(|p| every_key(&p.text)) else {
                continue;
            };
            let managed: Vec<String> = kms_actions(cx.catalog, ast)
                .iter()
                .filter(|a| MANAGEMENT.contains(&a.name.as_str()))
                .map(|a| a.name.clone())
                .collect();
            if managed.is_empty() {
                continue;
            }
            out.push(
                cx.finding(
                    &META,
                    all.span,
                    format!("identity policy allows {} on every key", list_actions(&managed, 4)),
                )
                .help("grant key administration in the key policy's administrator statement of each key"),
            );
        }
    }
}

/// The administration actions this rule looks for.
const MANAGEMENT: &[&str] = &[
    "PutKeyPolicy",
    "ScheduleKeyDeletion",
    "DisableKey",
    "CreateGrant",
    "ImportKeyMaterial",
    "DeleteImportedKeyMaterial",
];

/// `*`, or a KMS ARN pattern whose resource part is `*` or `key/*`.
fn every_key(text: &str) -> bool {
    if text == "*" {
        return true;
    }
    matches!(
        arn_fields(text),
        Some([_, _, service, _, _, resource])
            if (service.eq_ignore_ascii_case("kms") || service == "*")
                && (resource == "*" || resource == "key/*")
    )
}
