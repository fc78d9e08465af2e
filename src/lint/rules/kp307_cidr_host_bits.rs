//! KP307 `cidr-host-bits`: a CIDR block with host bits set
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP307`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP307: A CIDR block with host bits set
pub(crate) struct CidrHostBits;

static META: RuleMeta = RuleMeta {
    code: "KP307",
    name: "cidr-host-bits",
    severity: Severity::Info,
    applies: Applies::Both,
    summary: "A CIDR block with host bits set",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

An `IpAddress`/`NotIpAddress` value such as `10.1.2.3/16` whose address has bits set beyond the prefix length.

## Why

The extra bits are ignored: `10.1.2.3/16` means `10.1.0.0/16`, which is probably wider than the writer intended.

## Example

Bad:

```json
"IpAddress": {"aws:SourceIp": "203.0.113.77/24"}
```

Good:

```json
"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}
```
"#;

impl Rule for CidrHostBits {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            for c in conditions(ast) {
                if op_family(c.operator.base) != OpFamily::Ip {
                    continue;
                }
                for v in &c.values.items {
                    let t = v.text();
                    let Ok(net) = t.parse::<ipnet::IpNet>() else {
                        continue;
                    };
                    if net.addr() == net.network() {
                        continue;
                    }
                    let trunc = net.trunc();
                    out.push(
                        cx.finding(
                            &META,
                            v.span,
                            format!("`{t}` has host bits set; it means `{trunc}`"),
                        )
                        .help(format!("write `{trunc}`")),
                    );
                }
            }
        }
    }
}
