//! A KMS request: who asks, for what action, on which key, with which encryption context and
//! extra condition keys. Built with [`RequestBuilder`], which checks its input.
//!
//! Embedders build a request per call, so building is kept cheap: the resource and the
//! encryption context share one buffer ([`Text`]) and the caller's ARN another, which makes a
//! typical request three allocations.

use std::sync::Arc;

use super::caller::Caller;
use super::context::ContextValue;
use super::text::{Part, Text};
use crate::error::{did_you_mean, Diagnostic, Error};
use crate::kms::{self, Action, ActionId};
use crate::policy::Policy;

/// One KMS request, ready to be decided.
#[derive(Debug, Clone)]
pub struct Request {
    pub(crate) caller: Caller,
    pub(crate) action: &'static Action,
    pub(crate) action_id: ActionId,
    /// The resource and the encryption-context pairs.
    text: Text,
    resource: Option<Part>,
    encryption_context: Vec<(Part, Part)>,
    pub(crate) context: Vec<(String, Option<ContextValue>)>,
    pub(crate) session_policy: Option<Arc<Policy>>,
    pub(crate) vpc_endpoint_policy: Option<Arc<Policy>>,
    pub(crate) grant_tokens: Vec<String>,
}

impl Request {
    /// Starts a request.
    pub fn builder() -> RequestBuilder {
        RequestBuilder::default()
    }

    /// The caller.
    pub fn caller(&self) -> &Caller {
        &self.caller
    }

    /// The action, e.g. `kms:Decrypt`.
    pub fn action_name(&self) -> String {
        format!("kms:{}", self.action.name)
    }

    /// The resource as given: a key ARN, alias name or ARN, or `*`.
    pub fn resource(&self) -> Option<&str> {
        self.resource.map(|p| self.text.get(p))
    }

    /// The same request for another action (the second authorization of §8.7).
    pub(crate) fn with_action(&self, action: ActionId) -> Request {
        Request {
            action: action.action(),
            action_id: action,
            ..self.clone()
        }
    }

    /// The encryption-context pairs, in the order given.
    pub fn encryption_context(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + Clone + '_ {
        self.encryption_context
            .iter()
            .map(|(k, v)| (self.text.get(*k), self.text.get(*v)))
    }
}

/// Builds a [`Request`].
#[derive(Debug, Clone, Default)]
pub struct RequestBuilder {
    principal: Option<Result<Caller, String>>,
    action: Option<Result<ActionId, String>>,
    text: Text,
    /// Set when a string did not fit in `text`.
    too_long: bool,
    resource: Option<Part>,
    encryption_context: Vec<(Part, Part)>,
    context: Vec<(String, Option<ContextValue>)>,
    session_policy: Option<Arc<Policy>>,
    vpc_endpoint_policy: Option<Arc<Policy>>,
    grant_tokens: Vec<String>,
}

impl RequestBuilder {
    /// The caller: an IAM user or role ARN, a role-session ARN, a federated-user ARN,
    /// `arn:aws:iam::ACCOUNT:root`, or a service principal.
    pub fn principal(mut self, principal: impl AsRef<str>) -> Self {
        // Classified now, so the builder keeps no copy of the text.
        self.principal = Some(Caller::parse(principal.as_ref()));
        self
    }

    /// The IAM action, e.g. `kms:Decrypt` (case-insensitive).
    pub fn action(mut self, action: impl AsRef<str>) -> Self {
        let action = action.as_ref();
        self.action = Some(kms::lookup_id(action).ok_or_else(|| action.to_string()));
        self
    }

    /// The key ARN, alias name (`alias/x`), alias ARN, or `*`. May be omitted when the world has
    /// exactly one key.
    pub fn resource(mut self, resource: impl AsRef<str>) -> Self {
        self.resource = self.push(resource.as_ref());
        self
    }

    /// Adds an encryption-context pair.
    pub fn encryption_context(mut self, key: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        if let (Some(k), Some(v)) = (self.push(key.as_ref()), self.push(value.as_ref())) {
            self.encryption_context.push((k, v));
        }
        self
    }

    /// Copies `s` into the request's text.
    fn push(&mut self, s: &str) -> Option<Part> {
        let part = self.text.push(s);
        self.too_long |= part.is_none();
        part
    }

    /// Sets a single-valued condition key (overrides a derived one).
    pub fn context(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.context
            .push((key.into(), Some(ContextValue::Single(value.into()))));
        self
    }

    /// Sets a multi-valued condition key.
    pub fn context_multi(mut self, key: impl Into<String>, values: Vec<String>) -> Self {
        self.context
            .push((key.into(), Some(ContextValue::Multi(values))));
        self
    }

    /// Removes a derived condition key.
    pub fn context_absent(mut self, key: impl Into<String>) -> Self {
        self.context.push((key.into(), None));
        self
    }

    /// The session policy passed when the session was created.
    pub fn session_policy(mut self, policy: Policy) -> Self {
        self.session_policy = Some(Arc::new(policy));
        self
    }

    /// The policy of the VPC endpoint the request arrives through.
    pub fn vpc_endpoint_policy(mut self, policy: Policy) -> Self {
        self.vpc_endpoint_policy = Some(Arc::new(policy));
        self
    }

    /// Adds a grant token presented with the request.
    pub fn grant_token(mut self, token: impl Into<String>) -> Self {
        self.grant_tokens.push(token.into());
        self
    }

    /// Checks the input and builds the request.
    pub fn build(self) -> Result<Request, Error> {
        let mut problems = Vec::new();
        if self.too_long {
            problems.push(Diagnostic::plain(
                "the request's strings are too long (over 4 GiB together)",
            ));
        }
        let caller = match self.principal {
            None => {
                problems.push(Diagnostic::plain("the request names no principal"));
                None
            }
            Some(Ok(c)) => Some(c),
            Some(Err(msg)) => {
                problems.push(Diagnostic::plain(msg));
                None
            }
        };
        let action = match &self.action {
            None => {
                problems.push(Diagnostic::plain("the request names no action"));
                None
            }
            Some(Ok(action)) => Some(*action),
            Some(Err(a)) => {
                let names: Vec<String> = kms::ACTIONS
                    .iter()
                    .map(|x| format!("kms:{}", x.name))
                    .collect();
                problems.push(
                    Diagnostic::plain(format!("unknown KMS action `{a}`"))
                        .with_help_opt(did_you_mean(a, names.iter().map(String::as_str))),
                );
                None
            }
        };
        match (caller, action) {
            (Some(caller), Some(action_id)) if problems.is_empty() => Ok(Request {
                caller,
                action: action_id.action(),
                action_id,
                text: self.text,
                resource: self.resource,
                encryption_context: self.encryption_context,
                // Condition-key names are case-insensitive: keep them in lowercase.
                context: self
                    .context
                    .into_iter()
                    .map(|(k, v)| (k.to_ascii_lowercase(), v))
                    .collect(),
                session_policy: self.session_policy,
                vpc_endpoint_policy: self.vpc_endpoint_policy,
                grant_tokens: self.grant_tokens,
            }),
            _ => Err(Error::new(problems)),
        }
    }
}
