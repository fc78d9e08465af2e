//! Condition keys classified once, when a policy is loaded.
//!
//! The evaluator never builds a map of the request context: a condition looks its key up by this
//! classification, and the value is read straight from the caller, the key or the request. That
//! keeps a decision free of allocation and makes "absent" mean absent.

/// A condition key the engine derives, or `Other` for keys that only come from the request's
/// explicit context.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum CondKey {
    PrincipalArn,
    PrincipalAccount,
    PrincipalOrgId,
    PrincipalOrgPaths,
    PrincipalType,
    UserId,
    Username,
    /// `aws:PrincipalTag/<tag>`; the tag name as written.
    PrincipalTag(String),
    PrincipalIsAwsService,
    PrincipalServiceName,
    PrincipalServiceNamesList,
    ResourceAccount,
    ResourceOrgId,
    ResourceOrgPaths,
    /// `aws:ResourceTag/<tag>`.
    ResourceTag(String),
    SecureTransport,
    ViaAwsService,
    RequestedRegion,
    CallerAccount,
    /// `kms:EncryptionContext:<key>`; the context key as written.
    EncryptionContext(String),
    EncryptionContextKeys,
    KeySpec,
    KeyUsage,
    KeyOrigin,
    MultiRegion,
    MultiRegionKeyType,
    ResourceAliases,
    RequestAlias,
    GrantIsForAwsResource,
    ViaService,
    Other,
}

impl CondKey {
    /// Classifies a condition key given in lowercase.
    pub(crate) fn classify(lower: &str, original: &str) -> CondKey {
        let suffix = |prefix: &str| original.get(prefix.len()..).unwrap_or_default().to_string();
        if lower.starts_with("aws:principaltag/") {
            return CondKey::PrincipalTag(suffix("aws:PrincipalTag/"));
        }
        if lower.starts_with("aws:resourcetag/") {
            return CondKey::ResourceTag(suffix("aws:ResourceTag/"));
        }
        if lower.starts_with("kms:encryptioncontext:") {
            return CondKey::EncryptionContext(suffix("kms:EncryptionContext:"));
        }
        match lower {
            "aws:principalarn" => CondKey::PrincipalArn,
            "aws:principalaccount" => CondKey::PrincipalAccount,
            "aws:principalorgid" => CondKey::PrincipalOrgId,
            "aws:principalorgpaths" => CondKey::PrincipalOrgPaths,
            "aws:principaltype" => CondKey::PrincipalType,
            "aws:userid" => CondKey::UserId,
            "aws:username" => CondKey::Username,
            "aws:principalisawsservice" => CondKey::PrincipalIsAwsService,
            "aws:principalservicename" => CondKey::PrincipalServiceName,
            "aws:principalservicenameslist" => CondKey::PrincipalServiceNamesList,
            "aws:resourceaccount" => CondKey::ResourceAccount,
            "aws:resourceorgid" => CondKey::ResourceOrgId,
            "aws:resourceorgpaths" => CondKey::ResourceOrgPaths,
            "aws:securetransport" => CondKey::SecureTransport,
            "aws:viaawsservice" => CondKey::ViaAwsService,
            "aws:requestedregion" => CondKey::RequestedRegion,
            "kms:calleraccount" => CondKey::CallerAccount,
            "kms:encryptioncontextkeys" => CondKey::EncryptionContextKeys,
            "kms:keyspec" | "kms:customermasterkeyspec" => CondKey::KeySpec,
            "kms:keyusage" | "kms:customermasterkeyusage" => CondKey::KeyUsage,
            "kms:keyorigin" => CondKey::KeyOrigin,
            "kms:multiregion" => CondKey::MultiRegion,
            "kms:multiregionkeytype" => CondKey::MultiRegionKeyType,
            "kms:resourcealiases" => CondKey::ResourceAliases,
            "kms:requestalias" => CondKey::RequestAlias,
            "kms:grantisforawsresource" => CondKey::GrantIsForAwsResource,
            "kms:viaservice" => CondKey::ViaService,
            _ => CondKey::Other,
        }
    }
}
