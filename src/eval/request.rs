//! A KMS request: who asks, for what action, on which key, with which encryption context and
//! extra condition keys. Built with [`RequestBuilder`], which checks its input.
//!
//! Embedders build a request per call, so a request borrows its strings where it can: built
//! from `&str`s it copies nothing, built from `String`s it takes them over, and
//! [`Request::into_owned`] detaches it from borrowed input.

use std::borrow::Cow;
use std::sync::Arc;

use super::caller::Caller;
use super::context::ContextValue;
use crate::error::{Diagnostic, Error};
use crate::kms::{self, Action, ActionId};
use crate::policy::Policy;

/// An encryption-context pair.
type Pair<'a> = (Cow<'a, str>, Cow<'a, str>);

/// Encryption-context pairs. Most requests have one or two: those are kept inline, so building
/// such a request touches the heap only for strings it is given as `String`s.
#[derive(Debug, Clone, Default)]
struct Pairs<'a> {
    inline: [Option<Pair<'a>>; 2],
    more: Vec<Pair<'a>>,
}

impl<'a> Pairs<'a> {
    fn push(&mut self, pair: Pair<'a>) {
        match self.inline.iter_mut().find(|slot| slot.is_none()) {
            Some(slot) => *slot = Some(pair),
            None => self.more.push(pair),
        }
    }

    fn len(&self) -> usize {
        self.iter().count()
    }

    /// The pairs in the order given (the inline slots fill first, so the first empty one ends
    /// them).
    fn iter(&self) -> impl Iterator<Item = &Pair<'a>> + Clone {
        self.inline
            .iter()
            .map_while(Option::as_ref)
            .chain(&self.more)
    }

    fn into_iter(self) -> impl Iterator<Item = Pair<'a>> {
        self.inline.into_iter().flatten().chain(self.more)
    }
}

/// One KMS request, ready to be decided. `'a` is the lifetime of borrowed input (`'static` when
/// built from owned strings).
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub(crate) caller: Caller<'a>,
    pub(crate) action_id: ActionId,
    resource: Option<Cow<'a, str>>,
    encryption_context: Pairs<'a>,
    extras: Option<Box<Extras>>,
}

/// What few requests carry, kept out of line so that a typical request is small to build and
/// move.
#[derive(Debug, Clone, Default)]
struct Extras {
    /// Condition keys set or removed by the request, names in lowercase.
    context: Vec<(String, Option<ContextValue>)>,
    session_policy: Option<Arc<Policy>>,
    vpc_endpoint_policy: Option<Arc<Policy>>,
    grant_tokens: Vec<String>,
}

impl<'a> Request<'a> {
    /// Starts a request.
    pub fn builder() -> RequestBuilder<'a> {
        RequestBuilder::default()
    }

    /// The caller.
    pub fn caller(&self) -> &Caller<'a> {
        &self.caller
    }

    /// The action, e.g. `kms:Decrypt`.
    pub fn action_name(&self) -> String {
        format!("kms:{}", self.action().name)
    }

    /// The action's row of the KMS action table.
    pub(crate) fn action(&self) -> &'static Action {
        self.action_id.action()
    }

    /// The resource as given: a key ARN, alias name or ARN, or `*`.
    pub fn resource(&self) -> Option<&str> {
        self.resource.as_deref()
    }

    /// The encryption-context pairs, in the order given.
    pub fn encryption_context(&self) -> impl Iterator<Item = (&str, &str)> + Clone + '_ {
        self.encryption_context
            .iter()
            .map(|(k, v)| (k.as_ref(), v.as_ref()))
    }

    /// How many encryption-context pairs the request has.
    pub fn encryption_context_len(&self) -> usize {
        self.encryption_context.len()
    }

    /// The same request, owning all its strings.
    pub fn into_owned(self) -> Request<'static> {
        let own = |s: Cow<'_, str>| Cow::Owned(s.into_owned());
        Request {
            caller: self.caller.into_owned(),
            action_id: self.action_id,
            resource: self.resource.map(own),
            encryption_context: {
                let mut pairs = Pairs::default();
                for (k, v) in self.encryption_context.into_iter() {
                    pairs.push((own(k), own(v)));
                }
                pairs
            },
            extras: self.extras,
        }
    }

    /// Condition keys the request sets (`Some`) or removes (`None`), names in lowercase.
    pub(crate) fn context_overrides(&self) -> &[(String, Option<ContextValue>)] {
        self.extras.as_deref().map_or(&[], |e| &e.context)
    }

    /// The session policy, if any.
    pub(crate) fn session_policy(&self) -> Option<&Policy> {
        self.extras.as_deref()?.session_policy.as_deref()
    }

    /// The VPC endpoint policy, if any.
    pub(crate) fn vpc_endpoint_policy(&self) -> Option<&Policy> {
        self.extras.as_deref()?.vpc_endpoint_policy.as_deref()
    }

    /// The grant tokens presented.
    pub(crate) fn grant_tokens(&self) -> &[String] {
        self.extras.as_deref().map_or(&[], |e| &e.grant_tokens)
    }

    /// The same request for another action (the second authorization of §8.7).
    pub(crate) fn with_action(&self, action: ActionId) -> Request<'a> {
        Request {
            action_id: action,
            ..self.clone()
        }
    }
}

/// Builds a [`Request`]. Strings may be borrowed (`&str`, `&String`) or owned (`String`).
#[derive(Debug, Clone, Default)]
pub struct RequestBuilder<'a> {
    /// Classified when the request is built, so that the builder stays small to move.
    principal: Option<Cow<'a, str>>,
    action: Option<Result<ActionId, String>>,
    resource: Option<Cow<'a, str>>,
    encryption_context: Pairs<'a>,
    extras: Option<Box<Extras>>,
}

// The setters take and return the builder by value, which is convenient but moves it on every
// call; they are inlined and the builder is kept small (the principal is classified only in
// `build`), so that those moves stay cheap.
impl<'a> RequestBuilder<'a> {
    /// The caller: an IAM user or role ARN, a role-session ARN, a federated-user ARN,
    /// `arn:aws:iam::ACCOUNT:root`, or a service principal.
    #[inline]
    pub fn principal(mut self, principal: impl Into<Cow<'a, str>>) -> Self {
        self.principal = Some(principal.into());
        self
    }

    /// The IAM action, e.g. `kms:Decrypt` (case-insensitive).
    #[inline]
    pub fn action(mut self, action: impl AsRef<str>) -> Self {
        self.set_action(action.as_ref());
        self
    }

    #[inline]
    fn set_action(&mut self, action: &str) {
        self.action = Some(kms::lookup_id(action).ok_or_else(|| action.to_string()));
    }

    /// The key ARN, alias name (`alias/x`), alias ARN, or `*`. May be omitted when the world has
    /// exactly one key.
    #[inline]
    pub fn resource(mut self, resource: impl Into<Cow<'a, str>>) -> Self {
        self.resource = Some(resource.into());
        self
    }

    /// Adds an encryption-context pair.
    #[inline]
    pub fn encryption_context(
        mut self,
        key: impl Into<Cow<'a, str>>,
        value: impl Into<Cow<'a, str>>,
    ) -> Self {
        self.encryption_context.push((key.into(), value.into()));
        self
    }

    fn extras(&mut self) -> &mut Extras {
        self.extras.get_or_insert_with(Box::default)
    }

    /// Sets a single-valued condition key (overrides a derived one).
    pub fn context(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.extras()
            .context
            .push((key.into(), Some(ContextValue::Single(value.into()))));
        self
    }

    /// Sets a multi-valued condition key.
    pub fn context_multi(mut self, key: impl Into<String>, values: Vec<String>) -> Self {
        self.extras()
            .context
            .push((key.into(), Some(ContextValue::Multi(values))));
        self
    }

    /// Removes a derived condition key.
    pub fn context_absent(mut self, key: impl Into<String>) -> Self {
        self.extras().context.push((key.into(), None));
        self
    }

    /// The session policy passed when the session was created.
    pub fn session_policy(mut self, policy: Policy) -> Self {
        self.extras().session_policy = Some(Arc::new(policy));
        self
    }

    /// The policy of the VPC endpoint the request arrives through.
    pub fn vpc_endpoint_policy(mut self, policy: Policy) -> Self {
        self.extras().vpc_endpoint_policy = Some(Arc::new(policy));
        self
    }

    /// Adds a grant token presented with the request.
    pub fn grant_token(mut self, token: impl Into<String>) -> Self {
        self.extras().grant_tokens.push(token.into());
        self
    }

    /// Checks the input and builds the request.
    #[inline]
    pub fn build(self) -> Result<Request<'a>, Error> {
        // Inlined, so that a valid request is put together where the caller keeps it; the
        // problems of an invalid one are worked out of line.
        match (self.principal.map(Caller::parse), self.action) {
            (Some(Ok(caller)), Some(Ok(action_id))) => {
                let mut extras = self.extras;
                if let Some(e) = extras.as_deref_mut() {
                    e.lowercase_context_keys();
                }
                Ok(Request {
                    caller,
                    action_id,
                    resource: self.resource,
                    encryption_context: self.encryption_context,
                    extras,
                })
            }
            (principal, action) => Err(problems(principal, action)),
        }
    }
}

impl Extras {
    /// Condition-key names are case-insensitive: they are kept in lowercase.
    fn lowercase_context_keys(&mut self) {
        for (k, _) in &mut self.context {
            k.make_ascii_lowercase();
        }
    }
}

/// What is wrong with a request's principal and action (at least one of them is).
fn problems(
    principal: Option<Result<Caller<'_>, String>>,
    action: Option<Result<ActionId, String>>,
) -> Error {
    let mut problems = Vec::new();
    match principal {
        None => problems.push(Diagnostic::plain("the request names no principal")),
        Some(Err(msg)) => problems.push(Diagnostic::plain(msg)),
        Some(Ok(_)) => {}
    }
    match action {
        None => problems.push(Diagnostic::plain("the request names no action")),
        Some(Err(a)) => problems.push(
            Diagnostic::plain(format!("unknown KMS action `{a}`")).with_help_opt(kms::suggest(&a)),
        ),
        Some(Ok(_)) => {}
    }
    Error::new(problems)
}
