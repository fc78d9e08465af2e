"""Converts kmspolicy scenario cases into iamsim-oracle request lines.

The oracle derives no condition keys, so this module supplies the request context that AWS sends
(spec §5, §6; scenario-format.md "Derived condition keys") for the subset of worlds that gen.py
produces: role sessions, IAM users and account root users as callers; no grants, no key states,
no service principals. It also decides which organization policies apply, which the oracle takes
as given: SCPs of the caller's account unless it is the management account, RCPs of the key
owner's account unless it is the management account (spec §8.5).

Standard library only.
"""

from __future__ import annotations

DEFAULT_KEY_POLICY_TMPL = {
    "Version": "2012-10-17",
    "Id": "key-default-1",
    "Statement": [
        {
            "Sid": "Enable IAM User Permissions",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::{acct}:root"},
            "Action": "kms:*",
            "Resource": "*",
        }
    ],
}

ACCOUNT_LEVEL = {"listkeys", "listaliases", "createkey", "generaterandom", "listretirablegrants",
                 "createcustomkeystore", "connectcustomkeystore", "deletecustomkeystore",
                 "describecustomkeystores", "disconnectcustomkeystore", "updatecustomkeystore"}
EC_ACTIONS = {"encrypt", "decrypt", "generatedatakey", "generatedatakeywithoutplaintext",
              "generatedatakeypair", "generatedatakeypairwithoutplaintext", "reencryptfrom",
              "reencryptto"}
GRANT_FLAG_ACTIONS = {"creategrant", "listgrants", "revokegrant"}
CROSS_ACCOUNT_CAPABLE = EC_ACTIONS | {"describekey", "creategrant", "listgrants", "revokegrant",
                                      "getkeyrotationstatus", "getpublickey", "sign", "verify",
                                      "generatemac", "verifymac", "derivesharedsecret", "retiregrant"}


def default_key_policy(acct: str) -> dict:
    import copy

    p = copy.deepcopy(DEFAULT_KEY_POLICY_TMPL)
    p["Statement"][0]["Principal"]["AWS"] = f"arn:aws:iam::{acct}:root"
    return p


class Caller:
    """A parsed caller ARN."""

    def __init__(self, arn: str):
        self.arn = arn
        parts = arn.split(":", 5)
        self.account = parts[4]
        res = parts[5]
        if parts[2] == "sts" and res.startswith("assumed-role/"):
            _, self.role_name, self.session = res.split("/", 2)
            self.kind = "session"
        elif res == "root":
            self.kind = "root"
        elif res.startswith("user/"):
            self.kind = "user"
            self.user_name = res.split("/")[-1]
        else:
            raise ValueError(f"caller kind not supported by the differential runner: {arn}")


def find_principal(world: dict, caller: Caller) -> dict | None:
    for p in world.get("principals", []):
        arn = p["arn"]
        acct = arn.split(":")[4]
        res = arn.split(":", 5)[5]
        if acct != caller.account:
            continue
        if caller.kind == "session" and res.startswith("role/") and res.split("/")[-1] == caller.role_name:
            return p
        if caller.kind == "user" and arn == caller.arn:
            return p
    return None


def account_entry(world: dict, acct: str) -> dict | None:
    for a in world.get("accounts", []):
        if a["id"] == acct:
            return a
    return None


def resolve_key(world: dict, resource: str):
    """(key, request_alias) for a key ARN or alias name."""
    for k in world.get("keys", []):
        if resource == k["arn"]:
            return k, None
        if resource in k.get("aliases", []):
            return k, resource
    raise ValueError(f"unknown resource {resource}")


def to_oracle(world: dict, case: dict, rid: str) -> dict:
    caller = Caller(case["principal"])
    action = case["action"]
    aname = action.split(":", 1)[1].lower()
    prin = find_principal(world, caller)
    caller_acct_entry = account_entry(world, caller.account)
    org = caller_acct_entry.get("organization") if caller_acct_entry else None

    ctx: dict = {}
    if caller.kind == "root":
        ctx["aws:PrincipalArn"] = caller.arn
        ctx["aws:PrincipalType"] = "Account"
        ctx["aws:userid"] = caller.account
    elif caller.kind == "user":
        ctx["aws:PrincipalArn"] = caller.arn
        ctx["aws:PrincipalType"] = "User"
        ctx["aws:username"] = caller.user_name
    else:
        ctx["aws:PrincipalArn"] = prin["arn"] if prin else f"arn:aws:iam::{caller.account}:role/{caller.role_name}"
        ctx["aws:PrincipalType"] = "AssumedRole"
    ctx["aws:PrincipalAccount"] = caller.account
    ctx["kms:CallerAccount"] = caller.account
    if org:
        ctx["aws:PrincipalOrgID"] = org["id"]
        if org.get("paths"):
            ctx["aws:PrincipalOrgPaths"] = list(org["paths"])
    ctx["aws:PrincipalIsAWSService"] = "false"
    if prin:
        for k, v in prin.get("tags", {}).items():
            ctx[f"aws:PrincipalTag/{k}"] = v
    ctx["aws:SecureTransport"] = "true"

    account_level = aname in ACCOUNT_LEVEL
    key = None
    if account_level:
        resource, resource_account = "*", caller.account
        key_policy = None
    else:
        key, alias = resolve_key(world, case["resource"])
        resource = key["arn"]
        resource_account = resource.split(":")[4]
        key_policy = key.get("policy") or default_key_policy(resource_account)
        ctx["aws:ResourceAccount"] = resource_account
        ctx["aws:RequestedRegion"] = resource.split(":")[3]
        kacct = account_entry(world, resource_account)
        korg = kacct.get("organization") if kacct else None
        if korg:
            ctx["aws:ResourceOrgID"] = korg["id"]
            if korg.get("paths"):
                ctx["aws:ResourceOrgPaths"] = list(korg["paths"])
        for k, v in key.get("tags", {}).items():
            ctx[f"aws:ResourceTag/{k}"] = v
        ctx["kms:KeySpec"] = ctx["kms:CustomerMasterKeySpec"] = "SYMMETRIC_DEFAULT"
        ctx["kms:KeyUsage"] = ctx["kms:CustomerMasterKeyUsage"] = "ENCRYPT_DECRYPT"
        ctx["kms:KeyOrigin"] = "AWS_KMS"
        ctx["kms:MultiRegion"] = "false"
        if key.get("aliases"):
            ctx["kms:ResourceAliases"] = list(key["aliases"])
        if alias:
            ctx["kms:RequestAlias"] = alias
    ec = case.get("encryption_context") or {}
    if aname in EC_ACTIONS and ec:
        for k, v in ec.items():
            ctx[f"kms:EncryptionContext:{k}"] = v
        ctx["kms:EncryptionContextKeys"] = list(ec.keys())
    if aname in GRANT_FLAG_ACTIONS:
        ctx["kms:GrantIsForAWSResource"] = "false"
    for k, v in (case.get("context") or {}).items():
        if v is None:
            ctx.pop(k, None)
        elif isinstance(v, bool):
            ctx[k] = "true" if v else "false"
        else:
            ctx[k] = v if isinstance(v, (str, list)) else str(v)
    if not any(k.lower() == "aws:viaawsservice" for k in (case.get("context") or {})):
        ctx["aws:ViaAWSService"] = "true" if any(k.lower() == "kms:viaservice" for k in ctx) else "false"

    req = {
        "id": rid,
        "principal": caller.arn,
        "action": action,
        "resource": resource,
        "resourceAccount": resource_account,
        "context": ctx,
        "keyPolicy": key_policy,
        "identityPolicies": list(prin.get("policies", [])) if prin else [],
    }
    if account_level:
        req["wildcardOnlyAction"] = True
    if prin and prin.get("permissions_boundary"):
        req["permissionBoundaries"] = [prin["permissions_boundary"]]
    if case.get("session_policy"):
        req["sessionPolicy"] = case["session_policy"]
    if case.get("vpc_endpoint_policy"):
        req["vpcEndpointPolicies"] = [case["vpc_endpoint_policy"]]
    # SCPs: the caller's account, when it is an organization member other than the management account.
    if caller_acct_entry and org and not org.get("management_account") and "scps" in caller_acct_entry:
        req["scps"] = caller_acct_entry["scps"]
    # RCPs: the key owner's account (resource operations only), same rule.
    if key is not None:
        kacct = account_entry(world, resource_account)
        korg = kacct.get("organization") if kacct else None
        if kacct and korg and not korg.get("management_account") and "rcps" in kacct:
            req["rcps"] = kacct["rcps"]
    return req
