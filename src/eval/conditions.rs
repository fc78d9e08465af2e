//! Condition operators at evaluation time (spec §3.3, §4).
//!
//! One entry is evaluated against the request context with the absent-key, empty-set and
//! multi-valued rules of the §3.3 table. A request value that cannot be read for the operator
//! (a date that is not a date, an IP that is not an IP, an ARN that is not an ARN) or an ambiguous
//! key is an evaluation error: the caller of this module makes sure an error never yields
//! `allowed`.

use super::context::{Context, ContextValue};
use crate::glob::{eq_ignore_case, Glob};
use crate::policy::{BaseOp, Compiled, Condition, ConditionValue, Part, SetOp, Template};
use crate::values::{cidr_contains, parse_bool, parse_date, parse_ip, parse_number, split_arn};

use crate::policy::cmp_holds;

/// Why evaluation of one condition could not decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EvalError(pub(crate) String);

/// What a condition looked at, for explanations.
#[derive(Debug, Default)]
pub(crate) struct Observed {
    /// The key was absent from the request.
    pub(crate) missing: bool,
}

/// Evaluates one condition entry.
pub(crate) fn eval_condition(
    c: &Condition,
    ctx: &Context,
    observed: &mut Observed,
) -> Result<bool, EvalError> {
    let op = c.operator;
    let value = ctx.get_lower(&c.key_lower);
    if op.base == BaseOp::Null {
        let present = value.is_some();
        if !present {
            observed.missing = true;
        }
        // "true" asks for absence, "false" for presence; several values are ORed.
        return Ok(c
            .values
            .items
            .iter()
            .any(|v| matches!(v.compiled, Compiled::Null(want_absent) if want_absent != present)));
    }
    let negated = op.base.negated();
    match value {
        None => {
            observed.missing = true;
            Ok(match op.set {
                SetOp::None => op.if_exists || negated,
                SetOp::ForAllValues => true,
                SetOp::ForAnyValue => op.if_exists,
            })
        }
        Some(ContextValue::Conflict(_)) => Err(EvalError(format!(
            "the request carries several values for `{}` whose names differ only by case; which one AWS uses is undocumented",
            c.key
        ))),
        Some(ContextValue::Single(v)) => test_value(c, v, ctx),
        Some(ContextValue::Multi(values)) => match op.set {
            // A single-value operator on a multi-valued key never matches (spec §3.3, §12 #4).
            SetOp::None => Ok(false),
            SetOp::ForAllValues => {
                for v in values {
                    if !test_value(c, v, ctx)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            SetOp::ForAnyValue => {
                for v in values {
                    if test_value(c, v, ctx)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
        },
    }
}

/// `T(x)`: positive operators — some policy value matches; negated — none does.
fn test_value(c: &Condition, x: &str, ctx: &Context) -> Result<bool, EvalError> {
    let negated = c.operator.base.negated();
    for p in &c.values.items {
        if matches(c, p, x, ctx)? {
            return Ok(!negated);
        }
    }
    Ok(negated)
}

fn bad_request_value(c: &Condition, x: &str, what: &str) -> EvalError {
    EvalError(format!(
        "the request value `{x}` of `{}` is not {what}, so `{}` cannot be evaluated",
        c.key, c.operator_text
    ))
}

/// Whether one policy value matches one request value (the positive form of the operator).
fn matches(c: &Condition, p: &ConditionValue, x: &str, ctx: &Context) -> Result<bool, EvalError> {
    let base = c.operator.base;
    Ok(match &p.compiled {
        Compiled::Str(s) => match base {
            BaseOp::Bool => match parse_bool(x) {
                Some(b) => parse_bool(s) == Some(b),
                None => return Err(bad_request_value(c, x, "a boolean")),
            },
            _ if base.ignore_case() => eq_ignore_case(x, s),
            _ => x == s,
        },
        Compiled::StrTemplate(t) => {
            if base == BaseOp::Bool {
                let Some(resolved) = resolve(t, ctx)? else {
                    return Ok(false);
                };
                match (parse_bool(x), parse_bool(&resolved)) {
                    (Some(a), Some(b)) => a == b,
                    (None, _) => return Err(bad_request_value(c, x, "a boolean")),
                    (Some(_), None) => false,
                }
            } else {
                template_eq(t, x, ctx, base.ignore_case())?
            }
        }
        Compiled::Like(g) => g.is_match(x),
        Compiled::LikeTemplate(t) => match template_glob(t, ctx, false)? {
            Some(g) => g.is_match(x),
            None => false,
        },
        Compiled::Arn(globs) => arn_matches(c, globs, x)?,
        Compiled::ArnWhole(g) => g.is_match(x),
        Compiled::ArnTemplate(t) => match resolve(t, ctx)? {
            Some(text) => match crate::policy::arn_value(&text) {
                Compiled::Arn(globs) => arn_matches(c, &globs, x)?,
                Compiled::ArnWhole(g) => g.is_match(x),
                _ => false,
            },
            None => false,
        },
        Compiled::Number(n) => match parse_number(x) {
            Some(v) => cmp_holds(base.cmp(), v.partial_cmp(n)),
            None => return Err(bad_request_value(c, x, "a number")),
        },
        Compiled::Date(d) => match parse_date(x) {
            Some(v) => cmp_holds(base.cmp(), Some(v.cmp(d))),
            None => return Err(bad_request_value(c, x, "a date")),
        },
        Compiled::Bool(b) => match parse_bool(x) {
            Some(v) => v == *b,
            None => return Err(bad_request_value(c, x, "a boolean")),
        },
        Compiled::Cidr(net) => match parse_ip(x) {
            Some(ip) => cidr_contains(net, &ip),
            None => return Err(bad_request_value(c, x, "an IP address")),
        },
        Compiled::Null(_) => false,
    })
}

fn arn_matches(c: &Condition, globs: &[Glob; 6], x: &str) -> Result<bool, EvalError> {
    let Some(parts) = split_arn(x) else {
        return Err(bad_request_value(c, x, "an ARN"));
    };
    Ok(globs
        .iter()
        .zip(parts.iter())
        .all(|(g, part)| g.is_match(part)))
}

/// The value of a variable: single-valued keys only; `None` when unresolvable.
fn lookup_var<'c>(key: &str, ctx: &'c Context) -> Result<Option<&'c str>, EvalError> {
    match ctx.get_lower(key) {
        Some(ContextValue::Single(v)) => Ok(Some(v)),
        Some(ContextValue::Conflict(_)) => Err(EvalError(format!(
            "the policy variable `${{{key}}}` refers to several request values whose names differ only by case"
        ))),
        Some(ContextValue::Multi(_)) | None => Ok(None),
    }
}

/// Substitutes every variable; `None` when one has no value and no default.
pub(crate) fn resolve(t: &Template, ctx: &Context) -> Result<Option<String>, EvalError> {
    let mut out = String::new();
    for part in &t.parts {
        match part {
            Part::Text(s) | Part::Literal(s) => out.push_str(s),
            Part::Var { key, default } => match (lookup_var(key, ctx)?, default) {
                (Some(v), _) => out.push_str(v),
                (None, Some(d)) => out.push_str(d),
                (None, None) => return Ok(None),
            },
        }
    }
    Ok(Some(out))
}

/// A glob from a template: text parts keep their wildcards, substituted text is literal.
pub(crate) fn template_glob(
    t: &Template,
    ctx: &Context,
    case_insensitive: bool,
) -> Result<Option<Glob>, EvalError> {
    let mut b = Glob::builder(case_insensitive);
    for part in &t.parts {
        match part {
            Part::Text(s) => {
                b.pattern(s);
            }
            Part::Literal(s) => {
                b.literal(s);
            }
            Part::Var { key, default } => match (lookup_var(key, ctx)?, default) {
                (Some(v), _) => {
                    b.literal(v);
                }
                (None, Some(d)) => {
                    b.literal(d);
                }
                (None, None) => return Ok(None),
            },
        }
    }
    Ok(Some(b.build()))
}

/// Compares `x` with a template piece by piece, without building the substituted string.
fn template_eq(t: &Template, x: &str, ctx: &Context, ignore_case: bool) -> Result<bool, EvalError> {
    let mut rest = x;
    for part in &t.parts {
        let piece = match part {
            Part::Text(s) | Part::Literal(s) => s.as_str(),
            Part::Var { key, default } => match (lookup_var(key, ctx)?, default) {
                (Some(v), _) => v,
                (None, Some(d)) => d.as_str(),
                (None, None) => return Ok(false),
            },
        };
        let Some(head) = rest.get(..piece.len()) else {
            return Ok(false);
        };
        let same = if ignore_case {
            eq_ignore_case(head, piece)
        } else {
            head == piece
        };
        if !same {
            return Ok(false);
        }
        rest = rest.get(piece.len()..).unwrap_or("");
    }
    Ok(rest.is_empty())
}
