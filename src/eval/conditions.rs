//! Condition operators at evaluation time (spec §3.3, §4).
//!
//! One entry is evaluated against the request context with the absent-key, empty-set and
//! multi-valued rules of the §3.3 table. A request value that cannot be read for the operator
//! (a date that is not a date, an IP that is not an IP, an ARN that is not an ARN) or an ambiguous
//! key is an evaluation error: the caller of this module makes sure an error never yields
//! `allowed`.

use std::borrow::Cow;

use super::context::{Ctx, Lookup};
use crate::glob::{eq_ignore_case, Glob};
use crate::policy::cmp_holds;
use crate::policy::keys::CondKey;
use crate::policy::{BaseOp, Compiled, Condition, ConditionValue, Part, SetOp, Template};
use crate::values::{
    cidr_contains, parse_bool, parse_date, parse_ip, parse_number, same, split_arn,
};

/// Why evaluation of one condition could not decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EvalError(pub(crate) String);

/// Evaluates one condition entry against the value the request has for its key.
pub(crate) fn eval_condition(
    c: &Condition,
    value: &Lookup<'_>,
    ctx: &Ctx<'_>,
) -> Result<bool, EvalError> {
    let op = c.operator;
    if op.base == BaseOp::Null {
        let present = !value.is_absent();
        // "true" asks for absence, "false" for presence; several values are ORed.
        return Ok(c
            .values
            .items
            .iter()
            .any(|v| matches!(v.compiled, Compiled::Null(want_absent) if want_absent != present)));
    }
    let negated = op.base.negated();
    match value {
        Lookup::Absent => Ok(match op.set {
            SetOp::None => op.if_exists || negated,
            SetOp::ForAllValues => true,
            SetOp::ForAnyValue => op.if_exists,
        }),
        Lookup::Conflict => Err(EvalError(format!(
            "the request carries several values for `{}` whose names differ only by case; which one AWS uses is undocumented",
            c.key
        ))),
        Lookup::Single(v) => test_value(c, v, ctx),
        Lookup::Multi(values) => match op.set {
            // A single-value operator on a multi-valued key never matches (spec §3.3, §12 #4).
            SetOp::None => Ok(false),
            // Three-valued: a deciding value (false for all, true for any) wins over a value
            // that cannot be evaluated, so the order of the request's values never matters.
            SetOp::ForAllValues => decide_set(values.iter().map(|v| test_value(c, v, ctx)), false),
            SetOp::ForAnyValue => decide_set(values.iter().map(|v| test_value(c, v, ctx)), true),
        },
    }
}

/// Combines per-value results: the first `decisive` result decides; otherwise an error, if any;
/// otherwise `!decisive`.
fn decide_set(
    results: impl Iterator<Item = Result<bool, EvalError>>,
    decisive: bool,
) -> Result<bool, EvalError> {
    let mut error = None;
    for r in results {
        match r {
            Ok(b) if b == decisive => return Ok(decisive),
            Ok(_) => {}
            Err(e) => {
                error.get_or_insert(e);
            }
        }
    }
    match error {
        Some(e) => Err(e),
        None => Ok(!decisive),
    }
}

/// `T(x)`: positive operators — some policy value matches; negated — none does.
fn test_value(c: &Condition, x: &str, ctx: &Ctx<'_>) -> Result<bool, EvalError> {
    // A matching value decides; a value that cannot be evaluated only matters when none
    // matches, so the order of the values never changes the outcome.
    let any = decide_set(c.values.items.iter().map(|p| matches(c, p, x, ctx)), true)?;
    Ok(any != c.operator.base.negated())
}

fn bad_request_value(c: &Condition, x: &str, what: &str) -> EvalError {
    EvalError(format!(
        "the request value `{x}` of `{}` is not {what}, so `{}` cannot be evaluated",
        c.key, c.operator_text
    ))
}

/// Whether one policy value matches one request value (the positive form of the operator).
fn matches(c: &Condition, p: &ConditionValue, x: &str, ctx: &Ctx<'_>) -> Result<bool, EvalError> {
    let base = c.operator.base;
    Ok(match &p.compiled {
        Compiled::Str(s) => match base {
            BaseOp::Bool => match parse_bool(x) {
                Some(b) => parse_bool(s) == Some(b),
                None => return Err(bad_request_value(c, x, "a boolean")),
            },
            _ if base.ignore_case() => eq_ignore_case(x, s),
            _ => same(x, s),
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
                Some(Compiled::Arn(globs)) => arn_matches(c, &globs, x)?,
                Some(Compiled::ArnWhole(g)) => g.is_match(x),
                // A substituted value that is not an ARN matches nothing.
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
fn lookup_var<'c>(
    key: &str,
    id: &CondKey,
    ctx: &Ctx<'c>,
) -> Result<Option<Cow<'c, str>>, EvalError> {
    match ctx.get(key, id) {
        Lookup::Single(v) => Ok(Some(v)),
        Lookup::Conflict => Err(EvalError(format!(
            "the policy variable `${{{key}}}` refers to several request values whose names differ only by case"
        ))),
        Lookup::Multi(_) | Lookup::Absent => Ok(None),
    }
}

/// The text of one template part, `None` for a variable without value or default.
fn part_text<'p, 'c: 'p>(part: &'p Part, ctx: &Ctx<'c>) -> Result<Option<Cow<'p, str>>, EvalError> {
    Ok(match part {
        Part::Text(s) | Part::Literal(s) => Some(Cow::Borrowed(s.as_str())),
        Part::Var { key, id, default } => match (lookup_var(key, id, ctx)?, default) {
            (Some(v), _) => Some(v),
            (None, Some(d)) => Some(Cow::Borrowed(d.as_str())),
            (None, None) => None,
        },
    })
}

/// Substitutes every variable; `None` when one has no value and no default.
pub(crate) fn resolve(t: &Template, ctx: &Ctx<'_>) -> Result<Option<String>, EvalError> {
    let mut out = String::new();
    for part in &t.parts {
        match part_text(part, ctx)? {
            Some(s) => out.push_str(&s),
            None => return Ok(None),
        }
    }
    Ok(Some(out))
}

/// A glob from a template: text parts keep their wildcards, substituted text is literal.
pub(crate) fn template_glob(
    t: &Template,
    ctx: &Ctx<'_>,
    case_insensitive: bool,
) -> Result<Option<Glob>, EvalError> {
    let mut b = Glob::builder(case_insensitive);
    for part in &t.parts {
        let Some(text) = part_text(part, ctx)? else {
            return Ok(None);
        };
        match part {
            Part::Text(_) => b.pattern(&text),
            Part::Literal(_) | Part::Var { .. } => b.literal(&text),
        };
    }
    Ok(Some(b.build()))
}

/// Compares `x` with a template piece by piece, without building the substituted string.
fn template_eq(t: &Template, x: &str, ctx: &Ctx<'_>, ignore_case: bool) -> Result<bool, EvalError> {
    let mut rest = x;
    for part in &t.parts {
        let Some(piece) = part_text(part, ctx)? else {
            return Ok(false);
        };
        let Some(head) = rest.get(..piece.len()) else {
            return Ok(false);
        };
        let same = if ignore_case {
            eq_ignore_case(head, &piece)
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
