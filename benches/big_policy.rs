// Shared by benches/policies.rs and tests/alloc.rs (included with `include!`): a realistic key
// policy at the KMS size limit.

const DEFAULT_POLICY: &str = r#"{"Version": "2012-10-17", "Id": "key-default-1", "Statement": [
  {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
   "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}]}"#;

/// A key policy of realistic statements (key users with encryption-context and ViaService
/// conditions, admins, cross-account users, denies), grown to just under 32,768 bytes.
pub fn key_policy_32k() -> String {
    let mut statements = vec![DEFAULT_POLICY
        .split_once("\"Statement\": [")
        .map(|(_, s)| s.trim_end_matches("]}").trim().to_string())
        .unwrap_or_default()];
    let mut i = 0;
    loop {
        let s = match i % 4 {
            0 => format!(
                r#"{{"Sid": "KeyUser{i}", "Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::111122223333:role/app-{i}"}},
  "Action": ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*"], "Resource": "*",
  "Condition": {{"StringEquals": {{"kms:EncryptionContext:tenant": "tenant-{i}", "kms:ViaService": "s3.us-east-1.amazonaws.com"}}}}}}"#
            ),
            1 => format!(
                r#"{{"Sid": "Admin{i}", "Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::111122223333:role/admin-{i}"}},
  "Action": ["kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*"], "Resource": "*"}}"#
            ),
            2 => format!(
                r#"{{"Sid": "Partner{i}", "Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::4444555{:05}:root"}},
  "Action": ["kms:Decrypt", "kms:DescribeKey"], "Resource": "*",
  "Condition": {{"ForAnyValue:StringLike": {{"kms:EncryptionContextKeys": ["partner-*"]}}}}}}"#,
                i
            ),
            _ => format!(
                r#"{{"Sid": "DenyOutside{i}", "Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*",
  "Condition": {{"StringNotEquals": {{"aws:PrincipalOrgID": "o-example{i}"}}, "BoolIfExists": {{"aws:ViaAWSService": "false"}}}}}}"#
            ),
        };
        let next = format!(
            "{{\"Version\": \"2012-10-17\", \"Statement\": [{},\n{s}]}}",
            statements.join(",\n")
        );
        if next.len() > 32_768 {
            break;
        }
        statements.push(s);
        i += 1;
    }
    format!(
        "{{\"Version\": \"2012-10-17\", \"Statement\": [{}]}}",
        statements.join(",\n")
    )
}
