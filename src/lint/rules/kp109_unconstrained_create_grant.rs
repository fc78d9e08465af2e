//! KP109 `unconstrained-create-grant`: `kms:CreateGrant` allowed without `kms:GrantIsForAWSResource` or grantee/operation limits
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP109`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP109: `kms:CreateGrant` allowed without `kms:GrantIsForAWSResource` or grantee/operation limits
pub(crate) struct UnconstrainedCreateGrant;

static META: RuleMeta = RuleMeta {
    code: "KP109",
    name: "unconstrained-create-grant",
    severity: Severity::Warning,
    applies: Applies::Both,
    summary:
        "`kms:CreateGrant` allowed without `kms:GrantIsForAWSResource` or grantee/operation limits",
    doc: DOC,
    security_severity: Some("7.0"),
};

const DOC: &str = r#"## What

An `Allow` covering `kms:CreateGrant` with neither `"Bool": {"kms:GrantIsForAWSResource": "true"}` nor both a `kms:GranteePrincipal` condition and a `ForAllValues` limit on `kms:GrantOperations`.

## Why

A principal that can create grants can give itself (or anyone) `Decrypt` through a grant, bypassing the key policy.

## Example

Bad:

```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "kms:CreateGrant", "Resource": "*"}
```

Good:

```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "kms:CreateGrant", "Resource": "*",
 "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}}}
```
"#;

impl Rule for UnconstrainedCreateGrant {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            if ast.effect != Effect::Allow
                || !kms_actions(cx.catalog, ast)
                    .iter()
                    .any(|a| a.name == "CreateGrant")
            {
                continue;
            }
            // The account-root delegation statement only enables IAM policies.
            if principal_values(st, ast)
                .iter()
                .any(|(v, _)| matches!(v, PrincipalValue::Account { .. }))
            {
                continue;
            }
            let conds = conditions(ast);
            let aws_resource = conds.iter().any(|c| {
                c.key_lower == "kms:grantisforawsresource"
                    && c.values
                        .items
                        .iter()
                        .any(|v| v.text().eq_ignore_ascii_case("true"))
            });
            let grantee = conds
                .iter()
                .any(|c| c.key_lower == "kms:granteeprincipal" && !c.operator.base.negated());
            let ops = conds.iter().any(|c| {
                c.key_lower == "kms:grantoperations" && c.operator.set == SetOp::ForAllValues
            });
            if aws_resource || (grantee && ops) {
                continue;
            }
            let span = st.member("Action").map_or(st.node.span, |m| m.value.span);
            out.push(
                cx.finding(&META, span, "`kms:CreateGrant` is allowed without limits")
                    .help("add `\"Bool\": {\"kms:GrantIsForAWSResource\": \"true\"}`, or limit `kms:GranteePrincipal` and `ForAllValues:StringEquals` `kms:GrantOperations`"),
            );
        }
    }
}
