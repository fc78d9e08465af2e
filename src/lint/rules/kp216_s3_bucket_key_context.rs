//! KP216 `s3-bucket-key-context`: `kms:EncryptionContext:aws:s3:arn` compared with object ARNs
//!
//! One file per rule (style #15): the documentation below is what `kmspolicy explain KP216`
//! prints and what SARIF carries as the rule's help.

use super::prelude::*;

/// KP216: `kms:EncryptionContext:aws:s3:arn` compared with object ARNs
pub(crate) struct S3BucketKeyContext;

static META: RuleMeta = RuleMeta {
    code: "KP216",
    name: "s3-bucket-key-context",
    severity: Severity::Warning,
    applies: Applies::Both,
    summary: "`kms:EncryptionContext:aws:s3:arn` compared with object ARNs",
    doc: DOC,
    security_severity: None,
};

const DOC: &str = r#"## What

A positive test of `kms:EncryptionContext:aws:s3:arn` against an object ARN (`arn:aws:s3:::bucket/…`). Error when the CloudFormation template enables `BucketKeyEnabled` for a bucket encrypted with this key.

## Why

With an S3 Bucket Key, S3 puts the bucket ARN in the encryption context instead of the object ARN, so a condition written for object ARNs stops matching once Bucket Keys are on.

## Example

Bad:

```json
"StringLike": {"kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::reports/*"}
```

Good:

```json
"StringEquals": {"kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::reports"}
```
"#;

impl Rule for S3BucketKeyContext {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_policy(&self, cx: &PolicyCx<'_>, out: &mut Vec<Finding>) {
        for st in &cx.statements {
            let Some(ast) = st.ast else { continue };
            for c in conditions(ast) {
                if c.key_lower != "kms:encryptioncontext:aws:s3:arn"
                    || c.operator.base.negated()
                    || c.operator.base == BaseOp::Null
                {
                    continue;
                }
                for v in &c.values.items {
                    let t = v.text();
                    let Some([_, _, _, _, _, resource]) = arn_fields(&t) else {
                        continue;
                    };
                    let Some((bucket, _)) = resource.split_once('/') else {
                        continue;
                    };
                    let mut f = cx
                        .finding(&META, v.span, format!("`{t}` is an object ARN, but with S3 Bucket Keys the encryption context holds the bucket ARN"))
                        .help(format!("compare with the bucket ARN `arn:aws:s3:::{bucket}` (keep the object ARN too while objects encrypted without a Bucket Key remain)"));
                    if cx.doc.bucket_key {
                        f = f
                            .severity(Severity::Error)
                            .note("the template enables `BucketKeyEnabled` for a bucket encrypted with this key");
                    }
                    out.push(f);
                }
            }
        }
    }
}
