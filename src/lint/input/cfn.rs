//! CloudFormation templates (JSON or YAML): the key policy of every `AWS::KMS::Key`, the policy
//! documents of `AWS::IAM::Policy`, `ManagedPolicy` and the inline policies of roles, users and
//! groups, and the key resources themselves (for KP4xx).
//!
//! Intrinsic functions are resolved best-effort so that a policy written with `Ref`, `Fn::Sub`,
//! `Fn::GetAtt` or `Fn::Join` reads as the policy AWS would receive, without ever failing: the
//! stack's account becomes the placeholder account [`STACK_ACCOUNT`], a role or user of the same
//! template becomes its ARN in that account, and anything unknowable becomes a name that can only
//! match itself. The resolved value keeps the span of the function, so findings point at it.

use std::sync::Arc;

use super::{embedded_json, Target};
use crate::json::{Member, Node, Value};
use crate::lint::context::{KeyResource, LintKind, PolicyDoc};
use crate::source::Source;

/// The account `AWS::AccountId` stands for.
pub const STACK_ACCOUNT: &str = "000000000000";

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

struct Template<'a> {
    /// Logical id → resource type.
    types: Vec<(&'a str, &'a str)>,
}

/// Every policy and key resource of the template.
pub fn targets(source: &Arc<Source>, root: &Node) -> Vec<Target> {
    let mut out = Vec::new();
    let Some(resources) = member(root, "Resources") else {
        return out;
    };
    let Value::Object(list) = &resources.value.value else {
        return out;
    };
    let template = Template {
        types: list
            .iter()
            .filter_map(|r| Some((r.key.as_str(), string(&member(&r.value, "Type")?.value)?)))
            .collect(),
    };
    let bucket_keys = bucket_key_users(list);
    for r in list {
        super::markers::resource_markers(source, &r.key, &r.value, &mut out);
        let Some(ty) = member(&r.value, "Type").and_then(|t| string(&t.value)) else {
            continue;
        };
        let props = member(&r.value, "Properties").map(|p| &p.value);
        let base = format!("Resources.{}.Properties", r.key);
        match ty {
            "AWS::KMS::Key" => {
                let policy = props.and_then(|p| member(p, "KeyPolicy"));
                let key_spec = props
                    .and_then(|p| member(p, "KeySpec"))
                    .and_then(|m| string(&m.value))
                    .map(str::to_string);
                if let Some(policy) = policy {
                    push_policy(
                        &mut out,
                        source,
                        &template,
                        &policy.value,
                        LintKind::Key,
                        format!("{base}.KeyPolicy"),
                        key_spec,
                        false,
                    );
                    if let Some(Target::Policy(doc)) = out.last_mut() {
                        doc.bucket_key = bucket_keys.iter().any(|k| k == &r.key);
                    }
                }
                let text_of = |name: &str| {
                    member(&r.value, name)
                        .and_then(|m| string(&m.value).map(|s| (s.to_string(), m.value.span)))
                };
                out.push(Target::Key(KeyResource {
                    source: source.clone(),
                    host: format!("Resources.{}", r.key),
                    span: r.key_span,
                    props: match props.map(|p| &p.value) {
                        Some(Value::Object(ms)) => ms
                            .iter()
                            .map(|m| (m.key.clone(), resolve(&m.value, &template, false)))
                            .collect(),
                        _ => Vec::new(),
                    },
                    has_policy: policy.is_some(),
                    deletion_policy: text_of("DeletionPolicy"),
                    update_replace_policy: text_of("UpdateReplacePolicy"),
                    cloudformation: true,
                }));
            }
            "AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy" => {
                if let Some(doc) = props.and_then(|p| member(p, "PolicyDocument")) {
                    push_policy(
                        &mut out,
                        source,
                        &template,
                        &doc.value,
                        LintKind::Identity,
                        format!("{base}.PolicyDocument"),
                        None,
                        true,
                    );
                }
            }
            "AWS::IAM::Role" | "AWS::IAM::User" | "AWS::IAM::Group" => {
                let Some(Value::Array(policies)) = props
                    .and_then(|p| member(p, "Policies"))
                    .map(|m| &m.value.value)
                else {
                    continue;
                };
                for (i, p) in policies.iter().enumerate() {
                    if let Some(doc) = member(p, "PolicyDocument") {
                        push_policy(
                            &mut out,
                            source,
                            &template,
                            &doc.value,
                            LintKind::Identity,
                            format!("{base}.Policies[{i}].PolicyDocument"),
                            None,
                            true,
                        );
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The logical ids of the keys that encrypt an `AWS::S3::Bucket` with `BucketKeyEnabled: true`
/// (KP216: S3 then puts the bucket ARN, not the object ARN, in the encryption context).
fn bucket_key_users(resources: &[Member]) -> Vec<String> {
    let mut out = Vec::new();
    for r in resources {
        if member(&r.value, "Type").and_then(|t| string(&t.value)) != Some("AWS::S3::Bucket") {
            continue;
        }
        let rules = member(&r.value, "Properties")
            .and_then(|p| member(&p.value, "BucketEncryption"))
            .and_then(|e| member(&e.value, "ServerSideEncryptionConfiguration"));
        let Some(Value::Array(rules)) = rules.map(|m| &m.value.value) else {
            continue;
        };
        for rule in rules {
            let enabled = member(rule, "BucketKeyEnabled").is_some_and(|m| match &m.value.value {
                Value::Bool(b) => *b,
                Value::String(s) => s.eq_ignore_ascii_case("true"),
                _ => false,
            });
            let key = member(rule, "ServerSideEncryptionByDefault")
                .and_then(|d| member(&d.value, "KMSMasterKeyID"));
            if let (true, Some(key)) = (enabled, key) {
                referenced_ids(&key.value, &mut out);
            }
        }
    }
    out
}

/// The logical ids a value refers to through `Ref`, `Fn::GetAtt` or `Fn::Sub`.
fn referenced_ids(node: &Node, out: &mut Vec<String>) {
    match &node.value {
        Value::Object(ms) => {
            for m in ms {
                match (m.key.as_str(), &m.value.value) {
                    ("Ref", Value::String(id)) => out.push(id.clone()),
                    ("Fn::GetAtt", Value::String(s)) => {
                        out.push(s.split('.').next().unwrap_or(s).to_string());
                    }
                    ("Fn::GetAtt", Value::Array(items)) => {
                        if let Some(Value::String(id)) = items.first().map(|i| &i.value) {
                            out.push(id.clone());
                        }
                    }
                    ("Fn::Sub", Value::String(s)) => sub_ids(s, out),
                    ("Fn::Sub", Value::Array(items)) => {
                        if let Some(Value::String(s)) = items.first().map(|i| &i.value) {
                            sub_ids(s, out);
                        }
                    }
                    _ => referenced_ids(&m.value, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| referenced_ids(i, out)),
        _ => {}
    }
}

/// The `${Id}` / `${Id.Attr}` names of an `Fn::Sub` string.
fn sub_ids(s: &str, out: &mut Vec<String>) {
    let mut rest = s;
    while let Some(i) = rest.find("${") {
        let after = rest.get(i + 2..).unwrap_or("");
        let Some(end) = after.find('}') else { break };
        let name = after.get(..end).unwrap_or("");
        let id = name.split('.').next().unwrap_or(name);
        if !id.contains("::") && !id.starts_with('!') {
            out.push(id.to_string());
        }
        rest = after.get(end + 1..).unwrap_or("");
    }
}

#[allow(clippy::too_many_arguments, reason = "one call per resource type")]
fn push_policy(
    out: &mut Vec<Target>,
    source: &Arc<Source>,
    template: &Template<'_>,
    node: &Node,
    kind: LintKind,
    host: String,
    key_spec: Option<String>,
    only_if_kms: bool,
) {
    let parsed = if matches!(node.value, Value::String(_)) {
        match embedded_json(source, node) {
            Ok(n) => n,
            Err(f) => {
                out.push(Target::Finding(*f));
                return;
            }
        }
    } else {
        node.clone()
    };
    let root = resolve(&parsed, template, false);
    if only_if_kms && !touches_kms(&root) {
        return;
    }
    out.push(Target::Policy(PolicyDoc {
        size: compact_len(&root),
        source: source.clone(),
        root,
        kind,
        host: Some(host),
        key_account: (kind == LintKind::Key).then(|| STACK_ACCOUNT.to_string()),
        key_spec,
        bucket_key: false,
    }));
}

/// Whether an identity policy can concern KMS: a `kms:` action, a `*` action, or `NotAction`.
pub(crate) fn touches_kms(root: &Node) -> bool {
    fn walk(n: &Node, in_action: bool) -> bool {
        match &n.value {
            Value::Object(ms) => ms
                .iter()
                .any(|m| m.key == "NotAction" || walk(&m.value, m.key == "Action")),
            Value::Array(items) => items.iter().any(|i| walk(i, in_action)),
            Value::String(s) => {
                in_action && {
                    let l = s.to_ascii_lowercase();
                    l == "*" || l.starts_with("kms:") || l.starts_with("kms*")
                }
            }
            _ => false,
        }
    }
    walk(root, false)
}

/// The size of a value written as compact JSON (what `PutKeyPolicy` receives from the template).
pub(crate) fn compact_len(node: &Node) -> usize {
    let mut out = String::new();
    write_compact(node, &mut out);
    out.len()
}

fn write_compact(node: &Node, out: &mut String) {
    match &node.value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(n),
        Value::String(s) => crate::json::write_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_compact(item, out);
            }
            out.push(']');
        }
        Value::Object(ms) => {
            out.push('{');
            for (i, m) in ms.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                crate::json::write_string(out, &m.key);
                out.push(':');
                write_compact(&m.value, out);
            }
            out.push('}');
        }
    }
}

/// Replaces intrinsic functions by the values AWS would see, as far as they can be known.
fn resolve(node: &Node, t: &Template<'_>, in_principal: bool) -> Node {
    match &node.value {
        Value::Object(ms) if ms.len() == 1 && is_intrinsic(&ms[0].key) => Node {
            value: Value::String(intrinsic(&ms[0].key, &ms[0].value, t, in_principal)),
            span: node.span,
        },
        Value::Object(ms) => Node {
            value: Value::Object(
                ms.iter()
                    .map(|m| Member {
                        key: m.key.clone(),
                        key_span: m.key_span,
                        value: resolve(
                            &m.value,
                            t,
                            in_principal || m.key == "Principal" || m.key == "NotPrincipal",
                        ),
                    })
                    .collect(),
            ),
            span: node.span,
        },
        Value::Array(items) => Node {
            value: Value::Array(items.iter().map(|i| resolve(i, t, in_principal)).collect()),
            span: node.span,
        },
        _ => node.clone(),
    }
}

fn is_intrinsic(key: &str) -> bool {
    key == "Ref" || key.starts_with("Fn::")
}

fn pseudo(name: &str) -> Option<&'static str> {
    match name {
        "AWS::AccountId" => Some(STACK_ACCOUNT),
        "AWS::Region" => Some("us-east-1"),
        "AWS::Partition" => Some("aws"),
        "AWS::URLSuffix" => Some("amazonaws.com"),
        "AWS::StackName" => Some("stack"),
        _ => None,
    }
}

/// The value of a `Ref` or `Fn::GetAtt … .Arn` to a resource or parameter.
fn reference(name: &str, attr: Option<&str>, t: &Template<'_>, in_principal: bool) -> String {
    if let Some(p) = pseudo(name) {
        return p.to_string();
    }
    let ty = t
        .types
        .iter()
        .find(|(id, _)| *id == name)
        .map(|(_, ty)| *ty);
    match (ty, attr) {
        (Some("AWS::IAM::Role"), Some("Arn")) => {
            format!("arn:aws:iam::{STACK_ACCOUNT}:role/{name}")
        }
        (Some("AWS::IAM::User"), Some("Arn")) => {
            format!("arn:aws:iam::{STACK_ACCOUNT}:user/{name}")
        }
        (Some("AWS::IAM::Role"), None) => {
            if in_principal {
                format!("arn:aws:iam::{STACK_ACCOUNT}:role/{name}")
            } else {
                name.to_string()
            }
        }
        (Some("AWS::KMS::Key"), Some("Arn")) => {
            format!("arn:aws:kms:us-east-1:{STACK_ACCOUNT}:key/{name}")
        }
        _ if in_principal => format!("arn:aws:iam::{STACK_ACCOUNT}:role/{name}"),
        _ => match attr {
            Some(a) => format!("{name}.{a}"),
            None => name.to_string(),
        },
    }
}

fn intrinsic(f: &str, arg: &Node, t: &Template<'_>, in_principal: bool) -> String {
    let text = |n: &Node| match &resolve(n, t, in_principal).value {
        Value::String(s) => s.clone(),
        Value::Number(s) => s.clone(),
        _ => String::new(),
    };
    match (f, &arg.value) {
        ("Ref", Value::String(name)) => reference(name, None, t, in_principal),
        ("Fn::GetAtt", Value::Array(parts)) => {
            let name = parts.first().map(&text).unwrap_or_default();
            let attr = parts.get(1).map(&text);
            reference(&name, attr.as_deref(), t, in_principal)
        }
        ("Fn::GetAtt", Value::String(s)) => {
            let (name, attr) = s.split_once('.').unwrap_or((s, ""));
            reference(name, Some(attr), t, in_principal)
        }
        ("Fn::Sub", Value::String(s)) => substitute(s, &[], t),
        ("Fn::Sub", Value::Array(parts)) => {
            let s = parts.first().map(&text).unwrap_or_default();
            let vars: Vec<(String, String)> = match parts.get(1).map(|p| &p.value) {
                Some(Value::Object(ms)) => {
                    ms.iter().map(|m| (m.key.clone(), text(&m.value))).collect()
                }
                _ => Vec::new(),
            };
            substitute(&s, &vars, t)
        }
        ("Fn::Join", Value::Array(parts)) => {
            let sep = parts.first().map(&text).unwrap_or_default();
            match parts.get(1).map(|p| &p.value) {
                Some(Value::Array(items)) => items.iter().map(&text).collect::<Vec<_>>().join(&sep),
                _ => String::new(),
            }
        }
        ("Fn::If", Value::Array(parts)) => parts.get(1).map(&text).unwrap_or_default(),
        ("Fn::Select", Value::Array(parts)) => {
            let i: usize = parts
                .first()
                .map(&text)
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            match parts.get(1).map(|p| &p.value) {
                Some(Value::Array(items)) => items.get(i).map(&text).unwrap_or_default(),
                _ => String::new(),
            }
        }
        _ => {
            let name = f.trim_start_matches("Fn::");
            if in_principal {
                format!("arn:aws:iam::{STACK_ACCOUNT}:role/unresolved-{name}")
            } else {
                format!("unresolved-{name}")
            }
        }
    }
}

/// `Fn::Sub`: `${AWS::AccountId}`, `${Var}` from the variable map, `${Res.Arn}`, `${!Literal}`.
fn substitute(s: &str, vars: &[(String, String)], t: &Template<'_>) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("${") {
        out.push_str(rest.get(..i).unwrap_or(""));
        let after = rest.get(i + 2..).unwrap_or("");
        let Some(j) = after.find('}') else {
            out.push_str(rest.get(i..).unwrap_or(""));
            return out;
        };
        let name = after.get(..j).unwrap_or("");
        if let Some(lit) = name.strip_prefix('!') {
            out.push_str("${");
            out.push_str(lit);
            out.push('}');
        } else if let Some((_, v)) = vars.iter().find(|(k, _)| k == name) {
            out.push_str(v);
        } else if let Some((res, attr)) = name.split_once('.') {
            out.push_str(&reference(res, Some(attr), t, false));
        } else if let Some(p) = pseudo(name) {
            out.push_str(p);
        } else if name.contains(':') {
            // A policy variable such as ${aws:username} is not a Sub variable only when escaped,
            // but templates often rely on it being left alone; keep it.
            out.push_str("${");
            out.push_str(name);
            out.push('}');
        } else {
            out.push_str(&reference(name, None, t, false));
        }
        rest = after.get(j + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_common_intrinsics() {
        let t = Template {
            types: vec![("AppRole", "AWS::IAM::Role")],
        };
        assert_eq!(
            substitute("arn:${AWS::Partition}:iam::${AWS::AccountId}:root", &[], &t),
            "arn:aws:iam::000000000000:root"
        );
        assert_eq!(
            reference("AppRole", Some("Arn"), &t, false),
            "arn:aws:iam::000000000000:role/AppRole"
        );
        assert_eq!(substitute("${!Literal}", &[], &t), "${Literal}");
    }
}
