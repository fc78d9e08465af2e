//! KP017 `value-type-mismatch`: an operator of the wrong family for the key's type, or an unreadable value
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP017`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP017: An operator of the wrong family for the condition key's type, or an unreadable value
pub(crate) struct ValueTypeMismatch;

static META: RuleMeta = RuleMeta {
    code: "KP017",
    name: "value-type-mismatch",
    severity: Severity::Warning,
    applies: Applies::Both,
    summary: "An operator of the wrong family for the condition key's type, or an unreadable value",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

An operator whose family does not fit the condition key's type in the catalogue: a `Numeric…` operator on a String key, a `String…` operator on a Numeric, Date, Bool or IP key, `Bool` on anything but a Bool key, `IpAddress` on anything but an IP key, and so on (`Arn…` operators are accepted on String keys such as `kms:EncryptionContext:aws:s3:arn`; `aws:EpochTime` takes Numeric and Date operators; `Null` fits every key). Also a value the operator cannot read: a number that is not a number for `Numeric…`, a date for `Date…`, an IP or CIDR for `IpAddress`, a boolean for `Bool` (reported by the policy reader while lowering the document).

## Why

The comparison is always false, coerced in a way the writer did not expect, or rejected.

## Example

Bad:

```json
"NumericLessThan": {"kms:ScheduleKeyDeletionPendingWindowInDays": "thirty"}
```

Good:

```json
"NumericLessThan": {"kms:ScheduleKeyDeletionPendingWindowInDays": "30"}
```
"#;

impl Rule for ValueTypeMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            for c in conditions(ast) {
                let Some(info) = cx.catalog.key(&c.key) else {
                    continue;
                };
                let ty = info.type_.strip_prefix("ArrayOf").unwrap_or(&info.type_);
                let family = op_family(c.operator.base);
                if fits(family, ty, &c.key_lower) {
                    continue;
                }
                let f = cx.finding(
                    &META,
                    c.key_span,
                    format!(
                        "`{}` compares {}, but `{}` holds {ty} values",
                        c.operator_text,
                        what(family),
                        c.key
                    ),
                );
                out.push(
                    f.help_opt(suggest(ty).map(|op| format!("use an operator such as `{op}`"))),
                );
            }
        }
    }
}

/// Whether operators of `family` can compare a key of type `ty` (the catalogue's word).
fn fits(family: OpFamily, ty: &str, key_lower: &str) -> bool {
    match family {
        OpFamily::Null => true,
        OpFamily::String => matches!(ty, "String" | "ARN"),
        OpFamily::Arn => matches!(ty, "ARN" | "String"),
        OpFamily::Numeric => ty == "Numeric" || key_lower == "aws:epochtime",
        OpFamily::Date => ty == "Date",
        OpFamily::Bool => ty == "Bool",
        OpFamily::Ip => ty == "IPAddress",
        OpFamily::Binary => ty == "Binary",
    }
}

/// The family as words for the message.
fn what(family: OpFamily) -> &'static str {
    match family {
        OpFamily::String => "strings",
        OpFamily::Numeric => "numbers",
        OpFamily::Date => "dates",
        OpFamily::Bool => "booleans",
        OpFamily::Binary => "binary values",
        OpFamily::Ip => "IP addresses",
        OpFamily::Arn => "ARNs",
        OpFamily::Null => "presence",
    }
}

/// An operator that fits a key of type `ty`.
fn suggest(ty: &str) -> Option<&'static str> {
    match ty {
        "String" => Some("StringEquals"),
        "ARN" => Some("ArnLike"),
        "Numeric" => Some("NumericLessThanEquals"),
        "Date" => Some("DateGreaterThan"),
        "Bool" => Some("Bool"),
        "IPAddress" => Some("IpAddress"),
        _ => None,
    }
}
