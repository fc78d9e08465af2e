//! The request context: condition keys and their values.
//!
//! Condition-key names are case-insensitive, so keys are stored in lowercase. A key that AWS would
//! not send is absent from the map — never an empty string — because presence alone drives `Null`,
//! `…IfExists`, negated operators and set operators. An empty multi-valued key is stored as absent
//! (spec §3.3, engine choice).

use std::collections::HashMap;

/// A condition key's value in a request.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum ContextValue {
    /// A single-valued key.
    Single(String),
    /// A multi-valued key (never empty).
    Multi(Vec<String>),
    /// Two or more request values whose names differ only by case (for example encryption-context
    /// pairs `Dept` and `dept`): which one AWS uses is undocumented, so a condition on it is an
    /// evaluation error.
    Conflict(Vec<String>),
}

/// Condition keys of one request, by lowercase name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    map: HashMap<String, ContextValue>,
}

impl Context {
    /// An empty context.
    pub fn new() -> Context {
        Context::default()
    }

    /// The value of `key`, given in lowercase.
    pub fn get_lower(&self, key_lower: &str) -> Option<&ContextValue> {
        self.map.get(key_lower)
    }

    /// The value of `key`, in any case.
    pub fn get(&self, key: &str) -> Option<&ContextValue> {
        self.map.get(&key.to_ascii_lowercase())
    }

    /// Sets a key (any case). An empty multi-valued value removes the key.
    pub fn set(&mut self, key: &str, value: ContextValue) {
        let key = key.to_ascii_lowercase();
        match value {
            ContextValue::Multi(v) if v.is_empty() => {
                self.map.remove(&key);
            }
            v => {
                self.map.insert(key, v);
            }
        }
    }

    /// Sets a single-valued key.
    pub fn set_single(&mut self, key: &str, value: impl Into<String>) {
        self.set(key, ContextValue::Single(value.into()));
    }

    /// Adds a single value under `key`; a second value under a name differing only by case makes
    /// the key a [`ContextValue::Conflict`].
    pub(crate) fn add_case_variant(&mut self, key: &str, value: &str) {
        let key = key.to_ascii_lowercase();
        match self.map.get_mut(&key) {
            None => {
                self.map
                    .insert(key, ContextValue::Single(value.to_string()));
            }
            Some(ContextValue::Single(first)) => {
                let first = std::mem::take(first);
                self.map
                    .insert(key, ContextValue::Conflict(vec![first, value.to_string()]));
            }
            Some(ContextValue::Conflict(values) | ContextValue::Multi(values)) => {
                values.push(value.to_string());
            }
        }
    }

    /// Removes a key (any case).
    pub fn remove(&mut self, key: &str) {
        self.map.remove(&key.to_ascii_lowercase());
    }

    /// Every key and value, sorted by key, for explanations.
    pub fn entries(&self) -> Vec<(&str, &ContextValue)> {
        let mut v: Vec<(&str, &ContextValue)> =
            self.map.iter().map(|(k, v)| (k.as_str(), v)).collect();
        v.sort_by(|a, b| a.0.cmp(b.0));
        v
    }
}
