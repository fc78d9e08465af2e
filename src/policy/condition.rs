//! Condition operators and values.
//!
//! An operator name such as `ForAnyValue:StringLikeIfExists` is decomposed once into a product
//! type — base operator, set qualifier, `IfExists` — instead of a hundred-variant enum. Values are
//! compiled for their operator when the policy is loaded: numbers, dates and CIDRs are parsed,
//! wildcard patterns are compiled, and policy variables are split out so that evaluation never
//! re-parses text.

use ipnet::IpNet;

use crate::glob::Glob;
use crate::source::Span;

/// The base condition operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum BaseOp {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

/// Every base operator, in catalogue order.
pub const BASE_OPS: &[BaseOp] = &[
    BaseOp::StringEquals,
    BaseOp::StringNotEquals,
    BaseOp::StringEqualsIgnoreCase,
    BaseOp::StringNotEqualsIgnoreCase,
    BaseOp::StringLike,
    BaseOp::StringNotLike,
    BaseOp::NumericEquals,
    BaseOp::NumericNotEquals,
    BaseOp::NumericLessThan,
    BaseOp::NumericLessThanEquals,
    BaseOp::NumericGreaterThan,
    BaseOp::NumericGreaterThanEquals,
    BaseOp::DateEquals,
    BaseOp::DateNotEquals,
    BaseOp::DateLessThan,
    BaseOp::DateLessThanEquals,
    BaseOp::DateGreaterThan,
    BaseOp::DateGreaterThanEquals,
    BaseOp::Bool,
    BaseOp::BinaryEquals,
    BaseOp::IpAddress,
    BaseOp::NotIpAddress,
    BaseOp::ArnEquals,
    BaseOp::ArnLike,
    BaseOp::ArnNotEquals,
    BaseOp::ArnNotLike,
    BaseOp::Null,
];

/// The value family an operator compares in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    String,
    Numeric,
    Date,
    Bool,
    Binary,
    Ip,
    Arn,
    Null,
}

/// How an ordered comparison is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cmp {
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
}

/// Whether an ordering satisfies a comparison; `None` (incomparable) never does.
pub(crate) fn cmp_holds(cmp: Cmp, ord: Option<std::cmp::Ordering>) -> bool {
    use std::cmp::Ordering::*;
    match (cmp, ord) {
        (_, None) => false,
        (Cmp::Eq, Some(o)) => o == Equal,
        (Cmp::Lt, Some(o)) => o == Less,
        (Cmp::Le, Some(o)) => o != Greater,
        (Cmp::Gt, Some(o)) => o == Greater,
        (Cmp::Ge, Some(o)) => o != Less,
    }
}

impl BaseOp {
    /// The canonical name.
    pub fn name(self) -> &'static str {
        match self {
            BaseOp::StringEquals => "StringEquals",
            BaseOp::StringNotEquals => "StringNotEquals",
            BaseOp::StringEqualsIgnoreCase => "StringEqualsIgnoreCase",
            BaseOp::StringNotEqualsIgnoreCase => "StringNotEqualsIgnoreCase",
            BaseOp::StringLike => "StringLike",
            BaseOp::StringNotLike => "StringNotLike",
            BaseOp::NumericEquals => "NumericEquals",
            BaseOp::NumericNotEquals => "NumericNotEquals",
            BaseOp::NumericLessThan => "NumericLessThan",
            BaseOp::NumericLessThanEquals => "NumericLessThanEquals",
            BaseOp::NumericGreaterThan => "NumericGreaterThan",
            BaseOp::NumericGreaterThanEquals => "NumericGreaterThanEquals",
            BaseOp::DateEquals => "DateEquals",
            BaseOp::DateNotEquals => "DateNotEquals",
            BaseOp::DateLessThan => "DateLessThan",
            BaseOp::DateLessThanEquals => "DateLessThanEquals",
            BaseOp::DateGreaterThan => "DateGreaterThan",
            BaseOp::DateGreaterThanEquals => "DateGreaterThanEquals",
            BaseOp::Bool => "Bool",
            BaseOp::BinaryEquals => "BinaryEquals",
            BaseOp::IpAddress => "IpAddress",
            BaseOp::NotIpAddress => "NotIpAddress",
            BaseOp::ArnEquals => "ArnEquals",
            BaseOp::ArnLike => "ArnLike",
            BaseOp::ArnNotEquals => "ArnNotEquals",
            BaseOp::ArnNotLike => "ArnNotLike",
            BaseOp::Null => "Null",
        }
    }

    /// Whether this is a `…Not…` operator: the request value must match none of the values.
    pub fn negated(self) -> bool {
        matches!(
            self,
            BaseOp::StringNotEquals
                | BaseOp::StringNotEqualsIgnoreCase
                | BaseOp::StringNotLike
                | BaseOp::NumericNotEquals
                | BaseOp::DateNotEquals
                | BaseOp::NotIpAddress
                | BaseOp::ArnNotEquals
                | BaseOp::ArnNotLike
        )
    }

    pub(crate) fn family(self) -> Family {
        use BaseOp::*;
        match self {
            StringEquals
            | StringNotEquals
            | StringEqualsIgnoreCase
            | StringNotEqualsIgnoreCase
            | StringLike
            | StringNotLike => Family::String,
            NumericEquals
            | NumericNotEquals
            | NumericLessThan
            | NumericLessThanEquals
            | NumericGreaterThan
            | NumericGreaterThanEquals => Family::Numeric,
            DateEquals
            | DateNotEquals
            | DateLessThan
            | DateLessThanEquals
            | DateGreaterThan
            | DateGreaterThanEquals => Family::Date,
            Bool => Family::Bool,
            BinaryEquals => Family::Binary,
            IpAddress | NotIpAddress => Family::Ip,
            ArnEquals | ArnLike | ArnNotEquals | ArnNotLike => Family::Arn,
            Null => Family::Null,
        }
    }

    pub(crate) fn cmp(self) -> Cmp {
        use BaseOp::*;
        match self {
            NumericLessThan | DateLessThan => Cmp::Lt,
            NumericLessThanEquals | DateLessThanEquals => Cmp::Le,
            NumericGreaterThan | DateGreaterThan => Cmp::Gt,
            NumericGreaterThanEquals | DateGreaterThanEquals => Cmp::Ge,
            _ => Cmp::Eq,
        }
    }

    pub(crate) fn ignore_case(self) -> bool {
        matches!(
            self,
            BaseOp::StringEqualsIgnoreCase | BaseOp::StringNotEqualsIgnoreCase
        )
    }

    pub(crate) fn is_like(self) -> bool {
        matches!(self, BaseOp::StringLike | BaseOp::StringNotLike)
    }

    /// Whether policy variables are substituted in this operator's values.
    pub(crate) fn takes_variables(self) -> bool {
        matches!(self.family(), Family::String | Family::Arn | Family::Bool)
    }
}

/// `ForAllValues:` / `ForAnyValue:` or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SetOp {
    /// No qualifier.
    None,
    /// `ForAllValues:`
    ForAllValues,
    /// `ForAnyValue:`
    ForAnyValue,
}

/// A decomposed operator name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Operator {
    /// The base operator.
    pub base: BaseOp,
    /// The set qualifier.
    pub set: SetOp,
    /// The `IfExists` suffix.
    pub if_exists: bool,
}

impl Operator {
    /// Parses an operator name, case-insensitively. `Err` carries a message and a help.
    pub fn parse(name: &str) -> Result<Operator, (String, Option<String>)> {
        let (set, rest) = match name.split_once(':') {
            None => (SetOp::None, name),
            Some((prefix, rest)) => {
                let set = if prefix.eq_ignore_ascii_case("ForAllValues") {
                    SetOp::ForAllValues
                } else if prefix.eq_ignore_ascii_case("ForAnyValue") {
                    SetOp::ForAnyValue
                } else {
                    let help = crate::error::did_you_mean(prefix, ["ForAllValues", "ForAnyValue"]);
                    return Err((
                        format!("unknown set qualifier `{prefix}` in `{name}`"),
                        help,
                    ));
                };
                if rest.contains(':') {
                    return Err((format!("invalid condition operator `{name}`"), None));
                }
                (set, rest)
            }
        };
        let (base_name, if_exists) = match rest.len().checked_sub("IfExists".len()) {
            Some(cut)
                if rest
                    .get(cut..)
                    .is_some_and(|s| s.eq_ignore_ascii_case("IfExists")) =>
            {
                (rest.get(..cut).unwrap_or(""), true)
            }
            _ => (rest, false),
        };
        // Operators are nearly always written in their canonical case: try that first.
        let Some(base) = BASE_OPS
            .iter()
            .copied()
            .find(|op| op.name() == base_name)
            .or_else(|| {
                BASE_OPS
                    .iter()
                    .copied()
                    .find(|op| op.name().eq_ignore_ascii_case(base_name))
            })
        else {
            let mut candidates: Vec<String> =
                BASE_OPS.iter().map(|o| o.name().to_string()).collect();
            candidates.extend(
                BASE_OPS
                    .iter()
                    .filter(|o| **o != BaseOp::Null)
                    .map(|o| format!("{}IfExists", o.name())),
            );
            let help = crate::error::did_you_mean(rest, candidates.iter().map(String::as_str));
            return Err((format!("unknown condition operator `{name}`"), help));
        };
        if base == BaseOp::Null && (if_exists || set != SetOp::None) {
            return Err((
                format!("`Null` takes neither a set qualifier nor `IfExists`: `{name}`"),
                None,
            ));
        }
        Ok(Operator {
            base,
            set,
            if_exists,
        })
    }

    /// The canonical spelling.
    pub fn canonical_name(&self) -> String {
        let prefix = match self.set {
            SetOp::None => "",
            SetOp::ForAllValues => "ForAllValues:",
            SetOp::ForAnyValue => "ForAnyValue:",
        };
        let suffix = if self.if_exists { "IfExists" } else { "" };
        format!("{prefix}{}{suffix}", self.base.name())
    }
}

/// A piece of a value that may hold policy variables.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Part {
    /// Text as written; in `…Like` values its `*` and `?` are wildcards.
    Text(String),
    /// Literal text that is never a wildcard (`${*}`, `${?}`, `${$}`).
    Literal(String),
    /// `${key}` or `${key, 'default'}`; `key` is lowercase.
    Var {
        key: String,
        id: crate::policy::keys::CondKey,
        default: Option<String>,
    },
}

/// A value with policy variables, split into parts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Template {
    pub(crate) parts: Vec<Part>,
}

impl Template {
    /// Splits `text` at `${...}`. `Err` for a malformed variable.
    pub(crate) fn parse(text: &str) -> Result<Template, String> {
        let mut parts = Vec::new();
        let mut rest = text;
        let mut plain = String::new();
        while let Some(i) = rest.find("${") {
            plain.push_str(rest.get(..i).unwrap_or(""));
            let after = rest.get(i + 2..).unwrap_or("");
            let Some(close) = after.find('}') else {
                return Err(format!("unterminated policy variable in `{text}`"));
            };
            let inner = after.get(..close).unwrap_or("");
            rest = after.get(close + 1..).unwrap_or("");
            let special = match inner {
                "*" => Some("*"),
                "?" => Some("?"),
                "$" => Some("$"),
                _ => None,
            };
            if !plain.is_empty() {
                parts.push(Part::Text(std::mem::take(&mut plain)));
            }
            if let Some(s) = special {
                parts.push(Part::Literal(s.to_string()));
                continue;
            }
            let (key, default) = match inner.split_once(',') {
                None => (inner, None),
                Some((key, def)) => {
                    let def = def.trim_start();
                    let Some(d) = def.strip_prefix('\'').and_then(|d| d.strip_suffix('\'')) else {
                        return Err(format!(
                            "invalid default in policy variable `${{{inner}}}`: write `${{key, 'default'}}`"
                        ));
                    };
                    (key, Some(d.to_string()))
                }
            };
            let key = key.trim();
            if key.is_empty() || key.contains(' ') {
                return Err(format!("invalid policy variable `${{{inner}}}`"));
            }
            let lower = key.to_ascii_lowercase();
            parts.push(Part::Var {
                id: crate::policy::keys::CondKey::classify(&lower, key),
                key: lower,
                default,
            });
        }
        plain.push_str(rest);
        if !plain.is_empty() || parts.is_empty() {
            parts.push(Part::Text(plain));
        }
        Ok(Template { parts })
    }

    /// Whether the template holds a variable (as opposed to only text and literals).
    pub(crate) fn has_vars(&self) -> bool {
        self.parts.iter().any(|p| matches!(p, Part::Var { .. }))
    }

    /// The text when the template has no variables: text and literal parts joined.
    pub(crate) fn plain_text(&self) -> Option<String> {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Text(t) | Part::Literal(t) => out.push_str(t),
                Part::Var { .. } => return None,
            }
        }
        Some(out)
    }
}

/// A condition value compiled for its operator.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Compiled {
    /// `String(Not)Equals(IgnoreCase)`, `Bool`, `BinaryEquals`: a fixed string.
    Str(String),
    /// The same with policy variables.
    StrTemplate(Template),
    /// `String(Not)Like`: a compiled glob.
    Like(Glob),
    /// `String(Not)Like` with variables.
    LikeTemplate(Template),
    /// `Arn*`: the six components compiled, or one glob when the value is not an ARN.
    Arn(Box<[Glob; 6]>),
    /// `Arn*` value that is not a six-part ARN (such as `*`): matched as a whole.
    ArnWhole(Glob),
    /// `Arn*` with variables.
    ArnTemplate(Template),
    /// `Numeric*`.
    Number(f64),
    /// `Date*`, nanoseconds since the epoch.
    Date(i128),
    /// `Bool`.
    Bool(bool),
    /// `IpAddress` / `NotIpAddress`.
    Cidr(IpNet),
    /// `Null`: `true` means "the key is absent".
    Null(bool),
}

/// How a condition value was written in JSON.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RawValue {
    String(String),
    Number(String),
    Bool(bool),
}

/// One value of a condition entry.
#[derive(Debug, Clone, PartialEq)]
pub struct ConditionValue {
    pub(crate) raw: RawValue,
    pub(crate) compiled: Compiled,
    /// Where the value is.
    pub span: Span,
}

impl ConditionValue {
    /// The value as text.
    pub fn text(&self) -> String {
        match &self.raw {
            RawValue::String(s) | RawValue::Number(s) => s.clone(),
            RawValue::Bool(b) => b.to_string(),
        }
    }
}

/// One `operator: { key: values }` test of a `Condition` block.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The decomposed operator.
    pub operator: Operator,
    /// The operator as written.
    pub operator_text: String,
    /// Where the operator name is.
    pub operator_span: Span,
    /// The condition key as written.
    pub key: String,
    /// The condition key in lowercase (keys are case-insensitive).
    pub key_lower: String,
    pub(crate) key_id: crate::policy::keys::CondKey,
    /// Where the key is.
    pub key_span: Span,
    /// The values, ORed (ANDed for negated operators).
    pub values: crate::policy::OneOrMany<ConditionValue>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_operator_names() {
        let op = Operator::parse("ForAnyValue:stringlikeifexists").unwrap();
        assert_eq!(op.base, BaseOp::StringLike);
        assert_eq!(op.set, SetOp::ForAnyValue);
        assert!(op.if_exists);
        assert_eq!(op.canonical_name(), "ForAnyValue:StringLikeIfExists");
        let (msg, help) = Operator::parse("StringEqualz").unwrap_err();
        assert!(msg.contains("StringEqualz"));
        assert_eq!(help.as_deref(), Some("did you mean `StringEquals`?"));
        assert!(Operator::parse("NullIfExists").is_err());
        assert!(Operator::parse("ForSomeValues:StringEquals").is_err());
        assert!(Operator::parse("ForAllValues:A:B").is_err());
    }

    #[test]
    fn splits_templates() {
        let t = Template::parse("a/${aws:username}/${*}/${aws:PrincipalTag/team, 'none'}").unwrap();
        assert_eq!(
            t.parts,
            vec![
                Part::Text("a/".into()),
                Part::Var {
                    key: "aws:username".into(),
                    id: crate::policy::keys::CondKey::Username,
                    default: None
                },
                Part::Text("/".into()),
                Part::Literal("*".into()),
                Part::Text("/".into()),
                Part::Var {
                    key: "aws:principaltag/team".into(),
                    id: crate::policy::keys::CondKey::PrincipalTag("team".into()),
                    default: Some("none".into())
                },
            ]
        );
        assert!(Template::parse("${aws:username").is_err());
        assert!(Template::parse("${a, none}").is_err());
        assert_eq!(
            Template::parse("").unwrap().plain_text().as_deref(),
            Some("")
        );
    }
}
