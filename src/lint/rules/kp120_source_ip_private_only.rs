//! KP120 `source-ip-private-only`: `aws:SourceIp` compared only with private addresses
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP120`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP120: `aws:SourceIp` compared only with private addresses
pub(crate) struct SourceIpPrivateOnly;

static META: RuleMeta = RuleMeta {
    code: "KP120",
    name: "source-ip-private-only",
    severity: Severity::Error,
    applies: Applies::Both,
    summary: "`aws:SourceIp` compared only with private addresses",
    doc: DOC,
    security_severity: Some("4.0"),
};

const DOC: &str = r#"## What

An `IpAddress` or `NotIpAddress` test of `aws:SourceIp` whose values are all private, loopback, link-local or shared ranges (`10.0.0.0/8`, `172.16.0.0/12`, `192.168.0.0/16`, `127.0.0.0/8`, `169.254.0.0/16`, `100.64.0.0/10`, `fc00::/7`, `fe80::/10`, `::1`).

## Why

`aws:SourceIp` holds the public address AWS sees. Requests through a VPC endpoint carry no `aws:SourceIp` at all, so a private range never matches: an `IpAddress` test never holds and a `NotIpAddress` test excludes nothing.

## Example

Bad:

```json
"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}
```

Good:

```json
"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}
```
"#;

impl Rule for SourceIpPrivateOnly {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            for c in conditions(ast) {
                if c.key_lower != "aws:sourceip" || op_family(c.operator.base) != OpFamily::Ip {
                    continue;
                }
                let values: Vec<String> = c.values.items.iter().map(|v| v.text()).collect();
                if values.is_empty() || !values.iter().all(|v| private(v)) {
                    continue;
                }
                let effect = if c.operator.base == BaseOp::NotIpAddress {
                    "so `NotIpAddress` excludes nothing"
                } else {
                    "so the test never holds"
                };
                out.push(
                    cx.finding(
                        &META,
                        c.key_span,
                        format!(
                            "`aws:SourceIp` is compared only with private addresses ({}), {effect}",
                            values.join(", ")
                        ),
                    )
                    .note("`aws:SourceIp` is the public address AWS sees; requests through a VPC endpoint carry none")
                    .help("use `aws:SourceVpce` or `aws:VpcSourceIp` for traffic from a VPC, or your public egress range"),
                );
            }
        }
    }
}

/// Ranges that never appear as `aws:SourceIp`.
const PRIVATE: &[&str] = &[
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "100.64.0.0/10",
    "fc00::/7",
    "fe80::/10",
    "::1/128",
];

/// Whether a value (address or CIDR) lies inside a private range.
fn private(value: &str) -> bool {
    let net = match value.parse::<ipnet::IpNet>() {
        Ok(n) => n,
        Err(_) => match value.parse::<std::net::IpAddr>() {
            Ok(a) => ipnet::IpNet::from(a),
            Err(_) => return false,
        },
    };
    PRIVATE
        .iter()
        .filter_map(|p| p.parse::<ipnet::IpNet>().ok())
        .any(|p| p.contains(&net))
}
