//! Terraform plans (`terraform show -json PLAN`): the policies of `aws_kms_key`,
//! `aws_kms_key_policy`, `aws_iam_policy`, `aws_iam_role_policy`, `aws_iam_user_policy`,
//! `aws_iam_group_policy` and the inline policies of `aws_iam_role`, and the keys themselves.
//!
//! Policies in a plan are JSON strings; they are parsed with their offsets mapped through the
//! string's escapes, so findings point into the plan file itself.

use std::sync::Arc;

use super::cfn::{compact_len, touches_kms};
use super::{embedded_json, Target};
use crate::json::{Member, Node, Value};
use crate::lint::context::{KeyResource, LintKind, PolicyDoc};
use crate::source::Source;

fn member<'a>(node: &'a Node, name: &str) -> Option<&'a Member> {
    match &node.value {
        Value::Object(m) => m.iter().find(|m| m.key == name),
        _ => None,
    }
}

fn string(node: &Node) -> Option<&str> {
    match &node.value {
        Value::String(s) => Some(s),
        _ => None,
    }
}

/// Every resource of a module and its child modules.
fn resources<'a>(module: &'a Node, out: &mut Vec<&'a Node>) {
    if let Some(Value::Array(rs)) = member(module, "resources").map(|m| &m.value.value) {
        out.extend(rs.iter());
    }
    if let Some(Value::Array(children)) = member(module, "child_modules").map(|m| &m.value.value) {
        for c in children {
            resources(c, out);
        }
    }
}

/// Terraform attribute → CloudFormation property name, for the key rules.
const KEY_ATTRS: &[(&str, &str)] = &[
    ("enable_key_rotation", "EnableKeyRotation"),
    ("deletion_window_in_days", "PendingWindowInDays"),
    ("is_enabled", "Enabled"),
    ("key_usage", "KeyUsage"),
    ("customer_master_key_spec", "KeySpec"),
    ("multi_region", "MultiRegion"),
    (
        "bypass_policy_lockout_safety_check",
        "BypassPolicyLockoutSafetyCheck",
    ),
    ("custom_key_store_id", "CustomKeyStoreId"),
];

/// Every policy and key of the plan.
pub fn targets(source: &Arc<Source>, root: &Node) -> Vec<Target> {
    let mut out = Vec::new();
    let mut all = Vec::new();
    let module = member(root, "planned_values")
        .or_else(|| member(root, "values"))
        .and_then(|v| member(&v.value, "root_module"));
    if let Some(m) = module {
        resources(&m.value, &mut all);
    }
    let separate_key_policy = all
        .iter()
        .any(|r| member(r, "type").and_then(|t| string(&t.value)) == Some("aws_kms_key_policy"));
    for r in all {
        let (Some(ty), Some(address), Some(values)) = (
            member(r, "type").and_then(|t| string(&t.value)),
            member(r, "address").and_then(|t| string(&t.value)),
            member(r, "values"),
        ) else {
            continue;
        };
        let values = &values.value;
        let policy = member(values, "policy")
            .filter(|p| matches!(p.value.value, Value::String(ref s) if !s.is_empty()));
        let kind = match ty {
            "aws_kms_key" | "aws_kms_key_policy" => Some(LintKind::Key),
            "aws_iam_policy"
            | "aws_iam_role_policy"
            | "aws_iam_user_policy"
            | "aws_iam_group_policy" => Some(LintKind::Identity),
            _ => None,
        };
        if let (Some(kind), Some(p)) = (kind, policy) {
            // The key's spec, for KP219 (only `aws_kms_key` carries it beside its policy).
            let key_spec = (ty == "aws_kms_key")
                .then(|| {
                    ["customer_master_key_spec", "key_spec"]
                        .iter()
                        .find_map(|a| member(values, a).and_then(|m| string(&m.value)))
                        .map(str::to_string)
                })
                .flatten();
            push(
                &mut out,
                source,
                &p.value,
                kind,
                format!("{address}.policy"),
                key_spec,
            );
        }
        if ty == "aws_iam_role" {
            if let Some(Value::Array(inline)) =
                member(values, "inline_policy").map(|m| &m.value.value)
            {
                for (i, ip) in inline.iter().enumerate() {
                    if let Some(p) = member(ip, "policy") {
                        if matches!(&p.value.value, Value::String(s) if !s.is_empty()) {
                            push(
                                &mut out,
                                source,
                                &p.value,
                                LintKind::Identity,
                                format!("{address}.inline_policy[{i}].policy"),
                                None,
                            );
                        }
                    }
                }
            }
        }
        if ty == "aws_kms_key" {
            let span = member(r, "address").map_or(r.span, |a| a.value.span);
            out.push(Target::Key(KeyResource {
                source: source.clone(),
                host: address.to_string(),
                span,
                props: KEY_ATTRS
                    .iter()
                    .filter_map(|(tf, cfn)| {
                        member(values, tf)
                            .filter(|m| !matches!(m.value.value, Value::Null))
                            .map(|m| ((*cfn).to_string(), m.value.clone()))
                    })
                    .collect(),
                has_policy: policy.is_some() || separate_key_policy,
                deletion_policy: None,
                update_replace_policy: None,
                cloudformation: false,
            }));
        }
    }
    out
}

fn push(
    out: &mut Vec<Target>,
    source: &Arc<Source>,
    node: &Node,
    kind: LintKind,
    host: String,
    key_spec: Option<String>,
) {
    match embedded_json(source, node) {
        Ok(root) => {
            if kind == LintKind::Identity && !touches_kms(&root) {
                return;
            }
            out.push(Target::Policy(PolicyDoc {
                size: compact_len(&root),
                source: source.clone(),
                root,
                kind,
                host: Some(host),
                key_account: None,
                key_spec,
                bucket_key: false,
            }));
        }
        Err(f) => out.push(Target::Finding(*f)),
    }
}
