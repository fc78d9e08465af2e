//! KP118 `service-principal-unscoped`: an `Allow` to a service principal without a source or resource scope
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP118`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP118: An `Allow` to a service principal without a source or resource scope
pub(crate) struct ServicePrincipalUnscoped;

static META: RuleMeta = RuleMeta {
    code: "KP118",
    name: "service-principal-unscoped",
    severity: Severity::Warning,
    applies: Applies::Key,
    summary: "An `Allow` to a service principal without a source or resource scope",
    doc: DOC,
    security_severity: Some("5.0"),
};

const DOC: &str = r#"## What

A key-policy `Allow` of cryptographic or grant actions to a service principal (`logs.us-east-1.amazonaws.com`, `cloudtrail.amazonaws.com`, `sns.amazonaws.com`, …) whose conditions pin neither the source (`aws:SourceAccount`, `aws:SourceArn`, `aws:SourceOrgID`, `aws:SourceOrgPaths`, with a positive operator and a concrete value) nor the service's resource through its encryption context (`kms:EncryptionContext:aws:<service>:arn`).

## Why

The service acts for every customer. Without a scope, a resource of another account in the same service can be pointed at this key, and the service will use it on that customer's behalf: the confused-deputy problem.

## Example

Bad:

```json
{"Effect": "Allow", "Principal": {"Service": "logs.us-east-1.amazonaws.com"}, "Action": ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*"], "Resource": "*"}
```

Good:

```json
{"Effect": "Allow", "Principal": {"Service": "logs.us-east-1.amazonaws.com"}, "Action": ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*"], "Resource": "*",
 "Condition": {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-east-1:111122223333:log-group:*"}}}
```
"#;

impl Rule for ServicePrincipalUnscoped {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            if ast.effect != Effect::Allow {
                continue;
            }
            // Only statements that let the service use the key (or mint grants for it).
            let t = &cx.catalog.tables;
            let uses = kms_actions(cx.catalog, ast).iter().any(|a| {
                Catalog::in_list(&t.crypto_actions, &a.name)
                    || Catalog::in_list(&t.grant_actions, &a.name)
            });
            if !uses {
                continue;
            }
            for (v, span) in principal_values(st, ast) {
                let (PrincipalValue::Service(service), Some(span)) = (v, span) else {
                    continue;
                };
                let scoping = cx.catalog.service_scoping_key(service);
                let scoped = conditions(ast).iter().any(|c| {
                    let source = Catalog::key_in(&cx.catalog.tables.service_binding_keys, &c.key)
                        && binds_caller(cx, c);
                    let context = positive(c)
                        && (scoping.is_some_and(|k| k.eq_ignore_ascii_case(&c.key))
                            || (c.key_lower.starts_with("kms:encryptioncontext:aws:")
                                && c.key_lower.ends_with(":arn")));
                    source || context
                });
                if scoped {
                    continue;
                }
                let help = match scoping {
                    Some(k) => format!("add an `ArnLike` condition on `{k}` naming your resources, or `aws:SourceAccount`/`aws:SourceArn`"),
                    None => "add `\"StringEquals\": {\"aws:SourceAccount\": \"ACCOUNT\"}` or an `ArnLike` condition on `aws:SourceArn`".to_string(),
                };
                out.push(
                    cx.finding(
                        &META,
                        span,
                        format!("service principal `{service}` can use the key on behalf of any customer"),
                    )
                    .help(help),
                );
            }
        }
    }
}
