//! KP013 `invalid-arn`: a malformed ARN in `Resource`
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP013`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP013: A malformed ARN in `Resource`
pub(crate) struct InvalidArn;

static META: RuleMeta = RuleMeta {
    code: "KP013",
    name: "invalid-arn",
    severity: Severity::Error,
    applies: Applies::Both,
    summary: "A malformed ARN in `Resource`",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A `Resource`/`NotResource` entry that is not a valid ARN: neither `*` nor an ARN, or an ARN with a wildcard in its service (both reported by the policy reader while lowering the document); or an ARN with an unknown partition, a missing or upper-case service, a missing (for KMS) or malformed Region, an account that is not 12 digits, or, for KMS, a missing resource or a resource type other than `key/` and `alias/` (`keys/…`). Fields holding wildcards or policy variables are not judged. In identity policies, key IDs and alias names where a key ARN belongs are KP014's.

## Why

The entry never matches, or AWS rejects the policy.

## Example

Bad:

```json
"Resource": "arn:aws:kms:us-east-1:1111222233:key/1234abcd-12ab-34cd-56ef-1234567890ab"
```

Good:

```json
"Resource": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
```
"#;

impl Rule for InvalidArn {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            for element in ["Resource", "NotResource"] {
                for (text, span) in st.strings_of(element) {
                    let Some(fields) = arn_fields(text) else {
                        continue;
                    };
                    if let Some((problem, help)) = problem(fields) {
                        out.push(
                            cx.finding(&META, span, format!("invalid ARN `{text}`: {problem}"))
                                .help_opt(help),
                        );
                    }
                }
            }
        }
    }
}

/// Partitions AWS has.
const PARTITIONS: &[&str] = &[
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

/// Whether a field is left open (wildcards or policy variables), so it is not judged.
fn open(field: &str) -> bool {
    field.contains(['*', '?']) || field.contains("${")
}

/// A Region such as `us-east-1`, `us-gov-west-1` or `eusc-de-east-1`: lowercase words joined by
/// `-`, the first of two to four letters, the last a number.
fn region_shaped(r: &str) -> bool {
    let parts: Vec<&str> = r.split('-').collect();
    let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
        return false;
    };
    parts.len() >= 3
        && (2..=4).contains(&first.len())
        && !last.is_empty()
        && last.bytes().all(|b| b.is_ascii_digit())
        && parts
            .iter()
            .take(parts.len() - 1)
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
}

/// What is wrong with a well-split ARN, and a help line.
fn problem(fields: [&str; 6]) -> Option<(String, Option<String>)> {
    let [_, partition, service, region, account, resource] = fields;
    if !open(partition) && !PARTITIONS.contains(&partition) {
        return Some((
            format!("unknown partition `{partition}`"),
            crate::error::did_you_mean(partition, PARTITIONS.iter().copied()),
        ));
    }
    if service.is_empty() {
        return Some(("the service is missing".into(), None));
    }
    if service != service.to_ascii_lowercase() {
        return Some((
            format!("the service `{service}` must be lower-case"),
            Some(format!("write `{}`", service.to_ascii_lowercase())),
        ));
    }
    let kms = service == "kms";
    if region.is_empty() && kms {
        return Some((
            "the Region is missing".into(),
            Some("KMS keys live in a Region: `arn:aws:kms:REGION:ACCOUNT:key/KEY-ID`".into()),
        ));
    }
    if !region.is_empty() && !open(region) && !region_shaped(region) {
        return Some((format!("`{region}` is not a Region"), None));
    }
    if account.is_empty() && kms {
        return Some(("the account is missing".into(), None));
    }
    let twelve_digits = account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit());
    // S3 ARNs have no account; AWS managed IAM policies have `aws` there.
    let accountless = account.is_empty() || service == "s3" || account == "aws";
    if !accountless && !open(account) && !twelve_digits {
        return Some((format!("the account `{account}` is not 12 digits"), None));
    }
    if !kms || open(resource.split('/').next().unwrap_or("")) {
        return None;
    }
    match resource.split_once('/') {
        None if resource.is_empty() => Some(("the resource is missing".into(), None)),
        None => Some((
            format!("`{resource}` names no KMS resource type"),
            Some("write `key/KEY-ID` or `alias/NAME`".into()),
        )),
        Some((ty, _)) if ty == "key" || ty == "alias" => None,
        Some((ty, _)) => Some((
            format!("unknown KMS resource type `{ty}`"),
            crate::error::did_you_mean(ty, ["key", "alias"])
                .or_else(|| Some("KMS resources are `key/KEY-ID` and `alias/NAME`".into())),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(arn: &str) -> Option<String> {
        problem(arn_fields(arn).unwrap()).map(|(p, _)| p)
    }

    #[test]
    fn judges_each_field() {
        assert_eq!(check("arn:aws:kms:us-east-1:111122223333:key/x"), None);
        assert_eq!(check("arn:aws:kms:*:*:key/*"), None);
        assert_eq!(
            check("arn:aws:kms:us-gov-west-1:111122223333:alias/a"),
            None
        );
        assert_eq!(check("arn:aws:s3:::bucket/*"), None);
        assert_eq!(check("arn:aws:iam::aws:policy/ReadOnlyAccess"), None);
        assert!(check("arn:aws:kms:us-east-1:1111222233:key/x")
            .unwrap()
            .contains("12 digits"));
        assert!(check("arn:awz:kms:us-east-1:111122223333:key/x")
            .unwrap()
            .contains("partition"));
        assert!(check("arn:aws:KMS:us-east-1:111122223333:key/x")
            .unwrap()
            .contains("lower-case"));
        assert!(check("arn:aws:kms:useast1:111122223333:key/x")
            .unwrap()
            .contains("Region"));
        assert!(check("arn:aws:kms::111122223333:key/x")
            .unwrap()
            .contains("Region"));
        assert!(check("arn:aws:kms:us-east-1:111122223333:keys/x")
            .unwrap()
            .contains("`keys`"));
        assert!(check("arn:aws:kms:us-east-1:111122223333:x").is_some());
    }
}
