#!/usr/bin/env python3
"""Seeded, deterministic generator of random but valid KMS scenarios for differential testing.

Writes kmspolicy scenario files (`*.test.json`, scenario-format.md v1) whose cases all carry the
placeholder `"expect": "implicitDeny"`: the differential runner compares the *actual* decisions of
kmspolicy and of the peer simulator, not pass/fail.

The generator keeps to what the peer (iam-simulate) models: key policies, identity policies,
permissions boundaries, session policies, SCP and RCP chains, VPC endpoint policies. No grants, no
key states, no service principals, no NotPrincipal.

Python 3.11, standard library only. Same seed => byte-identical files.

    python3 gen.py --seed 1 --cases 10000 --out /tmp/diff-scenarios
"""

from __future__ import annotations

import argparse
import json
import os
import random

# ---------------------------------------------------------------------------------------------
# The fixed universe: three accounts, two organizations, a roster of IAM principals.

A = "111122223333"  # owns the main key
B = "444455556666"  # partner account (same org as A, or not)
C = "777788889999"  # outsider account (other org, or none)
REGION = "us-east-1"
ORG_AB = "o-aaaa1111"
ORG_C = "o-cccc3333"

KEY_A = f"arn:aws:kms:{REGION}:{A}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
KEY_B = f"arn:aws:kms:{REGION}:{B}:key/5678efab-12ab-34cd-56ef-1234567890ab"
OTHER_KEY = f"arn:aws:kms:{REGION}:{A}:key/99999999-12ab-34cd-56ef-1234567890ab"

# Roles: (account, path+name). Session ARNs drop the path.
ROLES = [
    (A, "App"),
    (A, "Admin"),
    (A, "team/Ops"),
    (B, "Partner"),
    (C, "Outsider"),
]
UNLISTED_ROLES = [(A, "Ghost"), (B, "Stranger")]  # callers with no identity policies
USERS = [(A, "alice"), (A, "bob"), (B, "carol")]

CRYPTO = [
    "Encrypt",
    "Decrypt",
    "GenerateDataKey",
    "GenerateDataKeyWithoutPlaintext",
    "GenerateDataKeyPair",
    "ReEncryptFrom",
    "ReEncryptTo",
]
XACCT_OTHER = ["DescribeKey", "CreateGrant", "ListGrants", "RevokeGrant", "GetKeyRotationStatus"]
MGMT = [
    "ScheduleKeyDeletion",
    "CancelKeyDeletion",
    "PutKeyPolicy",
    "GetKeyPolicy",
    "DisableKey",
    "EnableKey",
    "EnableKeyRotation",
    "TagResource",
    "UntagResource",
    "UpdateKeyDescription",
    "ListResourceTags",
]
ACCOUNT_LEVEL = ["ListKeys", "ListAliases", "CreateKey", "GenerateRandom"]
EC_ACTIONS = set(CRYPTO)  # actions whose request carries an encryption context
# Actions KMS lets another account use at all (spec §7 table).
CROSS_ACCOUNT_CAPABLE = set(CRYPTO) | set(XACCT_OTHER)

ACTION_PATTERNS = [
    "kms:*",
    "kms:ReEncrypt*",
    "kms:GenerateDataKey*",
    "kms:Describe*",
    "kms:Get*",
    "kms:List*",
    "kms:*Key*",
    "kms:Encrypt*",
    "KMS:decrypt",
    "kms:Schedule*",
    "*",
]

EC_KEYS = ["tenant", "app", "purpose"]
EC_VALUES = {"tenant": ["acme", "ACME", "globex"], "app": ["billing", "payroll"], "purpose": ["backup"]}
ALIASES = ["alias/payments", "alias/payments-eu", "alias/reports"]


def role_arn(acct: str, name: str) -> str:
    return f"arn:aws:iam::{acct}:role/{name}"


def session_arn(acct: str, name: str, session: str) -> str:
    return f"arn:aws:sts::{acct}:assumed-role/{name.split('/')[-1]}/{session}"


def user_arn(acct: str, name: str) -> str:
    return f"arn:aws:iam::{acct}:user/{name}"


def root_arn(acct: str) -> str:
    return f"arn:aws:iam::{acct}:root"


def policy(statements: list[dict]) -> dict:
    return {"Version": "2012-10-17", "Statement": statements}


# ---------------------------------------------------------------------------------------------


class Gen:
    def __init__(self, rng: random.Random):
        self.r = rng
        self.sid = 0

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def pick(self, xs):
        return self.r.choice(xs)

    def sample(self, xs, lo: int, hi: int):
        k = self.r.randint(lo, min(hi, len(xs)))
        return self.r.sample(list(xs), k)

    def next_sid(self, prefix: str) -> str:
        self.sid += 1
        return f"{prefix}{self.sid}"

    # -- actions / resources ------------------------------------------------------------------

    def actions(self, mgmt_bias: float = 0.3):
        """A string or list of action patterns."""
        out = []
        for _ in range(self.r.randint(1, 3)):
            x = self.r.random()
            if x < 0.35:
                out.append("kms:" + self.pick(CRYPTO))
            elif x < 0.35 + mgmt_bias:
                out.append("kms:" + self.pick(MGMT + XACCT_OTHER + ACCOUNT_LEVEL))
            else:
                out.append(self.pick(ACTION_PATTERNS))
        out = list(dict.fromkeys(out))
        return out[0] if len(out) == 1 and self.chance(0.5) else out

    def identity_resource(self):
        return self.pick(
            [
                "*",
                "*",
                KEY_A,
                KEY_A,
                KEY_B,
                f"arn:aws:kms:*:{A}:key/*",
                f"arn:aws:kms:{REGION}:{B}:key/*",
                OTHER_KEY,
                f"arn:aws:kms:{REGION}:{A}:alias/*",
            ]
        )

    # -- conditions -----------------------------------------------------------------------------

    def cond_entry(self, kind: str, key_acct: str):
        """One (operator, key, value) triple. `kind` steers which families are likely."""
        r = self.r
        fam = self.pick(
            {
                "key": ["ec", "ec", "eckeys", "eckeys", "null", "caller", "org", "parn", "ptype", "via", "alias", "paccount", "orgpaths", "rtag"],
                "identity": ["ec", "eckeys", "null", "caller", "parn", "via", "alias", "rtag", "org", "bool"],
                "scp": ["parn", "org", "ec", "null", "caller", "via", "bool"],
                "rcp": ["org", "caller", "parn", "null", "eckeys", "paccount", "bool"],
                "session": ["ec", "eckeys", "null", "via"],
            }[kind]
        )
        ifx = "IfExists" if self.chance(0.2) else ""
        if fam == "ec":
            k = self.pick(EC_KEYS + ["Tenant"])
            op = self.pick(
                ["StringEquals", "StringEquals", "StringNotEquals", "StringLike", "StringNotLike", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase"]
            )
            base = k.lower()
            vals = EC_VALUES[base] + ["${aws:username}", "${aws:PrincipalTag/team}", "${aws:PrincipalTag/team, 'acme'}"]
            if "Like" in op:
                vals = vals + ["a*", "*", "glo?ex", "pay*"]
            v = self.sample(vals, 1, 2)
            return (op + ifx, f"kms:EncryptionContext:{k}", v[0] if len(v) == 1 else v)
        if fam == "eckeys":
            setop = self.pick(["ForAllValues:", "ForAnyValue:"])
            op = self.pick(["StringEquals", "StringEquals", "StringLike", "StringNotEquals", "StringNotLike", "StringEqualsIgnoreCase"])
            vals = EC_KEYS + ["Tenant"] + (["t*", "*"] if "Like" in op else [])
            v = self.sample(vals, 1, 3)
            return (setop + op + ifx, "kms:EncryptionContextKeys", v if len(v) > 1 or self.chance(0.5) else v[0])
        if fam == "null":
            k = self.pick(["kms:EncryptionContext:tenant", "kms:EncryptionContextKeys", "kms:ViaService", "aws:PrincipalOrgID", "kms:EncryptionContext:App", "kms:RequestAlias"])
            return ("Null", k, self.pick(["true", "false", True, False]))
        if fam == "caller":
            op = self.pick(["StringEquals", "StringNotEquals"])
            v = self.sample([A, B, C], 1, 2)
            return (op + ifx, "kms:CallerAccount", v[0] if len(v) == 1 else v)
        if fam == "paccount":
            op = self.pick(["StringEquals", "StringNotEquals"])
            return (op + ifx, "aws:PrincipalAccount", self.pick([A, B, C]))
        if fam == "org":
            op = self.pick(["StringEquals", "StringNotEquals"])
            return (op + ifx, self.pick(["aws:PrincipalOrgID", "aws:principalorgid"]), self.pick([ORG_AB, ORG_C, [ORG_AB, ORG_C]]))
        if fam == "orgpaths":
            op = self.pick(["ForAnyValue:StringLike", "ForAllValues:StringLike", "ForAnyValue:StringEquals"])
            return (op + ifx, "aws:PrincipalOrgPaths", self.pick([f"{ORG_AB}/r-ab12/*", f"{ORG_AB}/r-ab12/ou-ab12-1111/", f"{ORG_C}/*"]))
        if fam == "parn":
            op = self.pick(["ArnLike", "ArnNotLike", "ArnEquals", "ArnNotEquals", "StringEquals", "StringLike", "StringNotLike"])
            cands = [
                role_arn(A, "App"),
                role_arn(A, "team/Ops"),
                role_arn(A, "Ops"),
                f"arn:aws:iam::{A}:role/*",
                f"arn:aws:iam::*:role/Partner",
                user_arn(A, "alice"),
                root_arn(A),
                root_arn(B),
                f"arn:aws:iam::{B}:*",
                f"arn:aws:iam::{A}:role/team/*",
            ]
            if "Like" not in op:
                cands = [c for c in cands if "*" not in c]
            v = self.sample(cands, 1, 2)
            return (op + ifx, "aws:PrincipalArn", v[0] if len(v) == 1 else v)
        if fam == "ptype":
            return ("StringEquals" + ifx, "aws:PrincipalType", self.pick(["AssumedRole", "User", "Account"]))
        if fam == "via":
            op = self.pick(["StringEquals", "StringLike", "StringNotEquals"])
            return (op + ifx, "kms:ViaService", self.pick(["s3.us-east-1.amazonaws.com", "ec2.*.amazonaws.com", "rds.us-east-1.amazonaws.com"]))
        if fam == "alias":
            if self.chance(0.5):
                op = self.pick(["StringEquals", "StringLike", "StringNotEquals"])
                return (op + ifx, "kms:RequestAlias", self.pick(ALIASES + ["alias/pay*"]))
            op = self.pick(["ForAnyValue:StringEquals", "ForAnyValue:StringLike", "ForAllValues:StringLike"])
            return (op + ifx, "kms:ResourceAliases", self.pick(ALIASES + ["alias/pay*"]))
        if fam == "bool":
            k = self.pick(["aws:ViaAWSService", "aws:SecureTransport", "aws:PrincipalIsAWSService", "aws:MultiFactorAuthPresent"])
            return ("Bool" + ifx, k, self.pick(["true", "false", True, False]))
        if fam == "rtag":
            return (self.pick(["StringEquals", "StringNotEquals"]) + ifx, "aws:ResourceTag/env", self.pick(["prod", "dev"]))
        raise AssertionError(fam)

    def condition(self, kind: str, key_acct: str, p: float, max_entries: int = 2):
        if not self.chance(p):
            return None
        cond: dict = {}
        for _ in range(self.r.randint(1, max_entries)):
            op, k, v = self.cond_entry(kind, key_acct)
            cond.setdefault(op, {})
            # keep condition keys unique inside one operator block (no case-variant duplicates)
            if any(existing.lower() == k.lower() for existing in cond[op]):
                continue
            cond[op][k] = v
        return cond

    def stmt(self, effect, actions, resource, principal=None, cond=None, sid_prefix="S", sid=True, inverted=0.04):
        s = {}
        if sid:
            s["Sid"] = self.next_sid(sid_prefix)
        s["Effect"] = effect
        if principal is not None:
            s["Principal"] = principal
        # now and then NotAction / NotResource (both engines model them)
        if actions not in ("*", "kms:*") and self.chance(inverted):
            s["NotAction"] = actions
        else:
            s["Action"] = actions
        if principal is None and resource != "*" and self.chance(inverted * 2):
            s["NotResource"] = resource
        else:
            s["Resource"] = resource
        if cond:
            s["Condition"] = cond
        return s

    # -- key policy ----------------------------------------------------------------------------

    def key_principal(self, key_acct: str):
        other = B if key_acct == A else A
        x = self.r.random()
        if x < 0.3:
            acct, name = self.pick([r for r in ROLES if r[0] == key_acct] or ROLES)
            return {"AWS": role_arn(acct, name)}
        if x < 0.42:
            acct, name = self.pick([u for u in USERS if u[0] == key_acct] or USERS)
            return {"AWS": user_arn(acct, name)}
        if x < 0.5:
            acct, name = self.pick([r for r in ROLES if r[0] == key_acct] or ROLES)
            return {"AWS": session_arn(acct, name, self.pick(["s1", "s2"]))}
        if x < 0.62:
            return {"AWS": self.pick([root_arn(other), other, root_arn(C), role_arn(B, "Partner"), role_arn(C, "Outsider"), user_arn(B, "carol")])}
        if x < 0.7:
            vals = [role_arn(A, "App"), user_arn(A, "alice"), role_arn(B, "Partner"), root_arn(B), role_arn(A, "team/Ops")]
            return {"AWS": self.sample(vals, 2, 3)}
        return self.pick(["*", {"AWS": "*"}])

    def key_policy(self, key_acct: str):
        stmts = []
        if self.chance(0.75):
            stmts.append(
                self.stmt(
                    "Allow",
                    self.pick(["kms:*", "kms:*", self.actions()]),
                    "*",
                    {"AWS": self.pick([root_arn(key_acct), key_acct])},
                    self.condition("key", key_acct, 0.1, 1),
                    "Enable IAM ",
                )
            )
        for _ in range(self.r.randint(1, 3)):
            p = self.key_principal(key_acct)
            wildcard = p == "*" or p == {"AWS": "*"}
            cond = self.condition("key", key_acct, 0.9 if wildcard else 0.35)
            res = "*" if self.chance(0.92) else self.pick([key_acct == A and KEY_A or KEY_B, OTHER_KEY])
            stmts.append(self.stmt("Allow", self.actions(), res, p, cond, "Allow "))
        for _ in range(self.r.choice([0, 0, 0, 1, 1, 2])):
            p = self.pick(["*", "*", self.key_principal(key_acct)])
            stmts.append(self.stmt("Deny", self.actions(0.5), "*", p, self.condition("key", key_acct, 0.7), "Deny "))
        if not stmts:
            stmts.append(self.stmt("Allow", "kms:*", "*", {"AWS": root_arn(key_acct)}, None, "Enable IAM "))
        self.r.shuffle(stmts)
        return policy(stmts)

    # -- identity side ---------------------------------------------------------------------------

    def identity_policy(self, acct: str):
        stmts = []
        if self.chance(0.35):
            # a broad allow, as most real roles have
            stmts.append(self.stmt("Allow", self.pick(["kms:*", "kms:*", ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:DescribeKey"]]), self.pick(["*", KEY_A, KEY_B, f"arn:aws:kms:*:*:key/*"]), None, None, "I"))
        for _ in range(self.r.randint(1, 3)):
            eff = "Deny" if self.chance(0.15) else "Allow"
            stmts.append(
                self.stmt(eff, self.actions(), self.identity_resource(), None, self.condition("identity", acct, 0.3), "I")
            )
        return policy(stmts)

    def boundary(self, acct: str):
        x = self.r.random()
        if x < 0.4:
            stmts = [self.stmt("Allow", "kms:*", "*", sid_prefix="PB")]
        elif x < 0.8:
            stmts = [self.stmt("Allow", self.actions(), self.pick(["*", KEY_A, KEY_B]), None, self.condition("identity", acct, 0.3), "PB")]
        else:
            stmts = [self.stmt("Allow", "*", "*", sid_prefix="PB"), self.stmt("Deny", self.actions(0.6), "*", None, self.condition("identity", acct, 0.4), "PB")]
        return policy(stmts)

    def session_policy(self):
        x = self.r.random()
        if x < 0.5:
            return policy([self.stmt("Allow", self.actions(), "*", None, self.condition("session", A, 0.3), "SP")])
        if x < 0.8:
            return policy([self.stmt("Allow", "kms:*", "*", sid_prefix="SP")])
        return policy(
            [self.stmt("Allow", "kms:*", "*", sid_prefix="SP"), self.stmt("Deny", self.actions(), "*", None, self.condition("session", A, 0.5), "SP")]
        )

    # -- organizations -------------------------------------------------------------------------

    def scp_level(self, acct: str):
        pols = []
        x = self.r.random()
        if x < 0.6:
            pols.append(policy([{"Sid": "FullAWSAccess", "Effect": "Allow", "Action": "*", "Resource": "*"}]))
        elif x < 0.85:
            pols.append(policy([self.stmt("Allow", self.actions(0.2), "*", None, None, "SCPAllow")]))
        else:
            pols.append(policy([self.stmt("Allow", "kms:*", "*", None, self.condition("scp", acct, 1.0, 1), "SCPAllow")]))
        if self.chance(0.35):
            pols.append(policy([self.stmt("Deny", self.actions(0.6), "*", None, self.condition("scp", acct, 0.7, 1), "SCPDeny")]))
        return pols

    def rcp_level(self):
        # RCPFullAWSAccess is implied; only list your own (Principal "*" required).
        return [policy([self.stmt("Deny", self.pick(["kms:*", self.actions(0.4)]), "*", "*", self.condition("rcp", A, 0.95, 2), "RCP")])]

    def accounts(self):
        """Accounts with organizations, SCP and RCP chains."""
        ab_same_org = self.chance(0.7)
        c_in_org = self.chance(0.5)
        mgmt = self.pick([None, None, None, A, B])  # management account of org AB
        out = []
        for acct in (A, B, C):
            in_org = acct in (A, B) and (acct == A or ab_same_org) or (acct == C and c_in_org)
            if not in_org:
                continue
            org_id = ORG_C if acct == C else ORG_AB
            ou = {A: "ou-ab12-1111", B: "ou-ab12-2222", C: "ou-cc33-3333"}[acct]
            root = "r-ab12" if org_id == ORG_AB else "r-cc33"
            entry = {
                "id": acct,
                "organization": {
                    "id": org_id,
                    "paths": [f"{org_id}/{root}/{ou}/"],
                    "management_account": acct == mgmt and org_id == ORG_AB,
                },
            }
            if self.chance(0.45):
                entry["scps"] = [self.scp_level(acct) for _ in range(self.r.randint(1, 3))]
            if acct in (A, B) and self.chance(0.2):
                entry["rcps"] = [self.rcp_level() for _ in range(self.r.randint(1, 2))]
            out.append(entry)
        return out

    # -- world + cases ---------------------------------------------------------------------------

    def world(self):
        keys = [
            {
                "arn": KEY_A,
                "policy": self.key_policy(A) if self.chance(0.95) else None,
                "aliases": self.sample(ALIASES, 0, 2),
                "tags": {"env": self.pick(["prod", "dev"])} if self.chance(0.5) else {},
            }
        ]
        if self.chance(0.35):
            keys.append({"arn": KEY_B, "policy": self.key_policy(B), "aliases": [], "tags": {}})
        for k in keys:
            if k["policy"] is None:
                del k["policy"]  # the default key policy
            if not k["aliases"]:
                del k["aliases"]
            if not k["tags"]:
                del k["tags"]
        principals = []
        for acct, name in ROLES:
            principals.append(self.principal_entry(role_arn(acct, name), acct))
        for acct, name in USERS:
            principals.append(self.principal_entry(user_arn(acct, name), acct))
        return {"keys": keys, "principals": principals, "accounts": self.accounts()}

    def principal_entry(self, arn: str, acct: str):
        e: dict = {"arn": arn, "policies": [self.identity_policy(acct) for _ in range(self.r.choice([0, 1, 1, 1, 2]))]}
        if self.chance(0.3):
            e["permissions_boundary"] = self.boundary(acct)
        if self.chance(0.3):
            e["tags"] = {"team": self.pick(["acme", "globex"])}
        return e

    def caller(self):
        x = self.r.random()
        if x < 0.45:
            acct, name = self.pick(ROLES)
            return session_arn(acct, name, self.pick(["s1", "s2"])), "session"
        if x < 0.52:
            acct, name = self.pick(UNLISTED_ROLES)
            return session_arn(acct, name, "s1"), "session"
        if x < 0.88:
            acct, name = self.pick(USERS)
            return user_arn(acct, name), "user"
        return root_arn(self.pick([A, A, B, C])), "root"

    def case(self, world, idx: int):
        principal, kind = self.caller()
        caller_acct = principal.split(":")[4]
        keys = world["keys"]
        key = self.pick(keys)
        x = self.r.random()
        if x < 0.55:
            action = self.pick(CRYPTO)
        elif x < 0.7:
            action = self.pick(XACCT_OTHER)
        elif x < 0.93:
            action = self.pick(MGMT)
        else:
            action = self.pick(ACCOUNT_LEVEL)
        c: dict = {"name": f"c{idx}", "principal": principal, "action": "kms:" + action}
        if action in ACCOUNT_LEVEL:
            c["resource"] = "*"
        else:
            key_acct = key["arn"].split(":")[4]
            if key.get("aliases") and key_acct == caller_acct and self.chance(0.3):
                c["resource"] = self.pick(key["aliases"])
            else:
                c["resource"] = key["arn"]
        if action in EC_ACTIONS and self.chance(0.75):
            ec = {}
            for k in self.sample(EC_KEYS, 1, 3):
                ec[k if self.chance(0.9) else k.capitalize()] = self.pick(EC_VALUES[k])
            if self.chance(0.01):
                ec["Tenant"] = "acme"  # two EC keys differing only by case (spec §6.3)
            c["encryption_context"] = ec
        if action not in ACCOUNT_LEVEL and self.chance(0.1):
            c["context"] = {"kms:ViaService": self.pick(["s3.us-east-1.amazonaws.com", "ec2.us-east-1.amazonaws.com"])}
        if kind == "session" and self.chance(0.25):
            c["session_policy"] = self.session_policy()
        if self.chance(0.04):
            c["vpc_endpoint_policy"] = policy(
                [self.stmt("Allow", self.pick(["*", "kms:*", self.actions()]), "*", "*", self.condition("key", A, 0.3, 1), "VPCE")]
            )
        c["expect"] = "implicitDeny"
        return c


def generate(seed: int, n_cases: int, out_dir: str, cases_per_file: int = 25) -> list[str]:
    """Writes ceil(n_cases / cases_per_file) scenario files; returns their paths."""
    os.makedirs(out_dir, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    written = 0
    fi = 0
    while written < n_cases:
        g = Gen(random.Random(rng.getrandbits(64)))
        world = g.world()
        n = min(cases_per_file, n_cases - written)
        cases = [g.case(world, i) for i in range(n)]
        doc = {"description": f"differential batch seed={seed} file={fi} (generated; expect is a placeholder)"}
        doc.update(world)
        doc["cases"] = cases
        path = os.path.join(out_dir, f"batch-{fi:05d}.test.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=1, sort_keys=False)
            f.write("\n")
        paths.append(path)
        written += n
        fi += 1
    return paths


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cases", type=int, default=10000)
    ap.add_argument("--per-file", type=int, default=25)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    paths = generate(a.seed, a.cases, a.out, a.per_file)
    print(f"wrote {a.cases} cases in {len(paths)} files to {a.out}")


if __name__ == "__main__":
    main()
