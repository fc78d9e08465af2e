//! YAML → the same spanned JSON tree the policy parser reads, with spans pointing into the YAML
//! file, so that a finding in a CloudFormation YAML template lands on the template's own line and
//! column.
//!
//! Built on `saphyr-parser`'s event API because its events carry start *and* end markers (the
//! caret can underline the whole offending value), it follows YAML 1.2 (no `yes`/`no` booleans
//! that would corrupt policy strings), and it needs no newer compiler than this crate.
//! CloudFormation short-form tags (`!Ref X`, `!Sub "…"`, `!GetAtt A.B`) become their long forms
//! (`{"Ref": "X"}`, …) so that templates in either form read alike.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Tag};

use crate::json::{Member, Node, Value};
use crate::source::Span;

/// A YAML syntax error: message and byte span.
#[derive(Debug)]
pub struct YamlError {
    /// What is wrong.
    pub message: String,
    /// Where.
    pub span: Span,
}

enum Frame {
    Map {
        start: usize,
        anchor: usize,
        tag: Option<String>,
        members: Vec<Member>,
        pending_key: Option<(String, Span)>,
    },
    Seq {
        start: usize,
        anchor: usize,
        tag: Option<String>,
        items: Vec<Node>,
    },
}

/// Reads the first YAML document of `text`.
pub fn parse(text: &str) -> Result<Node, YamlError> {
    // Markers count characters; spans are bytes.
    let mut byte_at: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    byte_at.push(text.len());
    let to_byte = |char_index: usize| byte_at.get(char_index).copied().unwrap_or(text.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, (Node, usize)> = HashMap::new();
    let mut root: Option<Node> = None;
    // Aliases copy their anchor's subtree; nested aliases multiply ("billion laughs"). Every node
    // materialised is counted and the document is refused past a bound proportional to its size.
    let budget = text.len().saturating_mul(64).saturating_add(10_000);
    let mut produced: usize = 0;
    for item in Parser::new_from_str(text) {
        let (event, span) = item.map_err(|e| YamlError {
            message: format!("YAML syntax error: {}", e.info()),
            span: Span::new(to_byte(e.marker().index()), to_byte(e.marker().index())),
        })?;
        let start = to_byte(span.start.index());
        let end = to_byte(span.end.index());
        let finished: Option<(Node, usize)> = match event {
            Event::MappingStart(anchor, tag) => {
                stack.push(Frame::Map {
                    start,
                    anchor,
                    tag: tag.map(|t| tag_name(&t)),
                    members: Vec::new(),
                    pending_key: None,
                });
                None
            }
            Event::SequenceStart(anchor, tag) => {
                stack.push(Frame::Seq {
                    start,
                    anchor,
                    tag: tag.map(|t| tag_name(&t)),
                    items: Vec::new(),
                });
                None
            }
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map {
                    start: s,
                    anchor,
                    tag,
                    members,
                    ..
                }) => {
                    let node = Node {
                        value: Value::Object(members),
                        span: Span::new(s, end.max(s)),
                    };
                    Some((wrap_tag(tag, node), anchor))
                }
                _ => None,
            },
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Seq {
                    start: s,
                    anchor,
                    tag,
                    items,
                }) => {
                    let node = Node {
                        value: Value::Array(items),
                        span: Span::new(s, end.max(s)),
                    };
                    Some((wrap_tag(tag, node), anchor))
                }
                _ => None,
            },
            Event::Scalar(value, style, anchor, tag) => {
                let node = Node {
                    value: scalar(&value, style, tag.as_deref()),
                    span: Span::new(start, end.max(start)),
                };
                Some((wrap_tag(tag.map(|t| tag_name(&t)), node), anchor))
            }
            Event::Alias(id) => match anchors.get(&id) {
                Some((node, size)) => {
                    produced = produced.saturating_add(*size);
                    if produced > budget {
                        return Err(YamlError {
                            message: format!(
                                "YAML aliases expand to more than {budget} nodes; refusing the document"
                            ),
                            span: Span::new(start, end.max(start)),
                        });
                    }
                    let mut n = node.clone();
                    n.span = Span::new(start, end.max(start));
                    Some((n, 0))
                }
                None => None,
            },
            _ => None,
        };
        let Some((node, anchor)) = finished else {
            continue;
        };
        produced = produced.saturating_add(1);
        if anchor != 0 {
            anchors.insert(anchor, (node.clone(), node_count(&node)));
        }
        match stack.last_mut() {
            None => {
                if root.is_none() {
                    root = Some(node);
                }
            }
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                members,
                pending_key,
                ..
            }) => match pending_key.take() {
                None => {
                    let key = match &node.value {
                        Value::String(s) | Value::Number(s) => s.clone(),
                        Value::Bool(b) => b.to_string(),
                        Value::Null => String::new(),
                        _ => {
                            return Err(YamlError {
                                message: "mapping keys must be scalars".into(),
                                span: node.span,
                            })
                        }
                    };
                    *pending_key = Some((key, node.span));
                }
                Some((key, key_span)) => members.push(Member {
                    key,
                    key_span,
                    value: node,
                }),
            },
        }
    }
    root.ok_or(YamlError {
        message: "the YAML document is empty".into(),
        span: Span::new(0, 0),
    })
}

/// The number of nodes in a tree.
fn node_count(node: &Node) -> usize {
    match &node.value {
        Value::Array(items) => items.iter().map(node_count).fold(1, usize::saturating_add),
        Value::Object(members) => members
            .iter()
            .map(|m| node_count(&m.value))
            .fold(1, usize::saturating_add),
        _ => 1,
    }
}

fn tag_name(tag: &Tag) -> String {
    if tag.handle == "!" {
        tag.suffix.clone()
    } else {
        format!("{}{}", tag.handle, tag.suffix)
    }
}

/// `!Ref X` → `{"Ref": X}`, `!GetAtt A.B` → `{"Fn::GetAtt": ["A", "B"]}`, `!Sub x` →
/// `{"Fn::Sub": x}`; core-schema tags (`!!str`) are dropped.
fn wrap_tag(tag: Option<String>, node: Node) -> Node {
    let Some(tag) = tag else { return node };
    if tag.starts_with("tag:yaml.org") || tag.is_empty() {
        return node;
    }
    let span = node.span;
    let (name, value) = match tag.as_str() {
        "Ref" | "Condition" => (tag.clone(), node),
        "GetAtt" => match &node.value {
            Value::String(s) => {
                let parts: Vec<Node> = s
                    .splitn(2, '.')
                    .map(|p| Node {
                        value: Value::String(p.to_string()),
                        span,
                    })
                    .collect();
                (
                    "Fn::GetAtt".to_string(),
                    Node {
                        value: Value::Array(parts),
                        span,
                    },
                )
            }
            _ => ("Fn::GetAtt".to_string(), node),
        },
        other => (format!("Fn::{other}"), node),
    };
    Node {
        value: Value::Object(vec![Member {
            key: name,
            key_span: span,
            value,
        }]),
        span,
    }
}

/// Resolves a plain scalar with the YAML 1.2 core schema; quoted and block scalars are strings.
fn scalar(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Value {
    if style != ScalarStyle::Plain
        || tag.is_some_and(|t| t.is_yaml_core_schema() && t.suffix == "str")
    {
        return Value::String(text.to_string());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ if is_number(text) => Value::Number(text.to_string()),
        _ => Value::String(text.to_string()),
    }
}

fn is_number(s: &str) -> bool {
    let t = s.strip_prefix(['-', '+']).unwrap_or(s);
    !t.is_empty()
        && t.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && t.bytes().filter(|b| *b == b'.').count() <= 1
        && t.bytes().next().is_some_and(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_positions_and_resolves_tags() {
        let text = "Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      Arn: !GetAtt Role.Arn\n      Acct: !Ref AWS::AccountId\n      N: 30\n      S: '30'\n";
        let root = parse(text).unwrap();
        let Value::Object(top) = &root.value else {
            panic!()
        };
        let Value::Object(res) = &top[0].value.value else {
            panic!()
        };
        let Value::Object(key) = &res[0].value.value else {
            panic!()
        };
        assert_eq!(key[0].value.value, Value::String("AWS::KMS::Key".into()));
        let s = key[0].value.span;
        assert_eq!(text.get(s.start..s.end), Some("AWS::KMS::Key"));
        let Value::Object(props) = &key[1].value.value else {
            panic!()
        };
        let Value::Object(getatt) = &props[0].value.value else {
            panic!()
        };
        assert_eq!(getatt[0].key, "Fn::GetAtt");
        let Value::Object(r) = &props[1].value.value else {
            panic!()
        };
        assert_eq!(r[0].key, "Ref");
        assert_eq!(props[2].value.value, Value::Number("30".into()));
        assert_eq!(props[3].value.value, Value::String("30".into()));
    }

    #[test]
    fn reports_syntax_errors() {
        assert!(parse("a: [1, 2\nb: c").is_err());
    }
}
