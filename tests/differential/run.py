#!/usr/bin/env python3
"""Differential test: kmspolicy against the peer simulator iam-simulate (via iamsim-oracle).

    python3 tests/differential/run.py [--cases 10000] [--seed 1] [--keep DIR] [--no-build | --rev REV]

Steps: generate random KMS scenarios (gen.py), run them through `kmspolicy test --format json`,
convert the same cases to oracle requests (oracle_input.py), run the oracle, compare the decisions,
and classify every disagreement. A disagreement is *explained* when applying the documented
corrections for the peer's known divergences (spec §12, the peer not modelling something; see
DIVERGENCES.md) to the peer's input or output makes the two engines agree; anything else is
reported as UNEXPLAINED (a candidate kmspolicy bug, or a peer divergence not yet documented).

Environment:
    IAMSIM_ORACLE_DIR   an oracle folder with node_modules already installed (skips npm install)
    KMSPOLICY_BIN       a kmspolicy binary to use (skips cargo build)
    CARGO_TARGET_DIR    honoured by --rev builds

Skips (exit 0) with a message when node or npm is absent. Exit status: 0 when every
disagreement is explained, 1 when some are unexplained, 2 on a setup error.

Standard library only (Python 3.11).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict

sys.dont_write_bytecode = True  # keep the source folder clean of __pycache__
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import gen  # noqa: E402
from oracle_input import CROSS_ACCOUNT_CAPABLE, Caller, to_oracle  # noqa: E402

ORACLE_SRC = os.path.normpath(os.path.join(REPO, "..", "shared", "tools", "iamsim-oracle"))
ORACLE_MAP = {"Allowed": "allowed", "ImplicitlyDenied": "implicitDeny", "ExplicitlyDenied": "explicitDeny"}


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------------------------
# Setup


def setup_oracle(tmp: str) -> str:
    d = os.environ.get("IAMSIM_ORACLE_DIR")
    if d:
        if not os.path.isdir(os.path.join(d, "node_modules", "@cloud-copilot", "iam-simulate")):
            raise SystemExit(f"IAMSIM_ORACLE_DIR={d} has no node_modules/@cloud-copilot/iam-simulate (run npm install there)")
        return d
    if not os.path.isdir(ORACLE_SRC):
        raise SystemExit(f"oracle source not found at {ORACLE_SRC}")
    d = os.path.join(tmp, "iamsim-oracle")
    shutil.copytree(ORACLE_SRC, d)
    for root, dirs, files in os.walk(d):
        for n in dirs + files:
            os.chmod(os.path.join(root, n), 0o755 if n in dirs else 0o644)
    os.chmod(d, 0o755)
    log(f"installing the oracle in {d} (npm ci)")
    cmd = ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"]
    if not os.path.exists(os.path.join(d, "package-lock.json")):
        cmd[1] = "install"
    p = subprocess.run(cmd, cwd=d, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"npm failed in {d}:\n{p.stdout}\n{p.stderr}")
    return d


def build_kmspolicy(no_build: bool, rev: str | None, tmp: str) -> str:
    b = os.environ.get("KMSPOLICY_BIN")
    if b:
        return b
    if rev:
        # build a committed revision from a clean export, untouched by work in progress in the tree
        src = os.path.join(tmp, "kmspolicy-" + rev.replace("/", "_"))
        os.makedirs(src)
        log(f"exporting {rev} to {src} and building it (cargo build --release)")
        arch = subprocess.run(["git", "-C", REPO, "archive", rev], capture_output=True)
        if arch.returncode != 0:
            raise SystemExit(f"git archive {rev} failed: {arch.stderr.decode()[:2000]}")
        subprocess.run(["tar", "-x", "-C", src], input=arch.stdout, check=True)
        env = dict(os.environ)
        env.setdefault("CARGO_TARGET_DIR", os.path.join(src, "target"))
        p = subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=src, env=env)
        if p.returncode != 0:
            raise SystemExit(f"cargo build --release of {rev} failed")
        return os.path.join(env["CARGO_TARGET_DIR"], "release", "kmspolicy")
    if not no_build:
        log("building kmspolicy (cargo build --release)")
        p = subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO)
        if p.returncode != 0:
            raise SystemExit("cargo build --release failed")
    b = os.path.join(REPO, "target", "release", "kmspolicy")
    if not os.path.exists(b):
        raise SystemExit(f"{b} not found")
    return b


# ------------------------------------------------------------------------------------------------
# Running the two engines


def run_kmspolicy(binary: str, target: str) -> dict:
    """{(abs file, case name): case result} from `kmspolicy test --format json`."""
    p = subprocess.run([binary, "test", "--format", "json", target], capture_output=True, text=True)
    if p.returncode == 2 or not p.stdout.strip():
        raise SystemExit(f"kmspolicy could not run the scenarios (exit {p.returncode}):\n{p.stderr[:4000]}")
    out = json.loads(p.stdout)
    return {(os.path.abspath(c["file"]), c["name"]): c for c in out["cases"]}


def run_oracle(oracle_dir: str, reqs: list[dict], workers: int = 2) -> dict:
    """{id: oracle response}. Splits the requests over `workers` node processes."""
    if not reqs:
        return {}
    chunks = [reqs[i::workers] for i in range(workers)] if len(reqs) > 200 else [reqs]
    procs = []
    for ch in chunks:
        f = tempfile.TemporaryFile(mode="w+")
        f.write("\n".join(json.dumps(r) for r in ch) + "\n")
        f.seek(0)
        procs.append(subprocess.Popen(["node", "iamsim_oracle.mjs"], cwd=oracle_dir, stdin=f, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    res = {}
    for p in procs:
        out, err = p.communicate()
        if p.returncode != 0:
            raise SystemExit(f"oracle failed (exit {p.returncode}):\n{err[:4000]}")
        for line in out.splitlines():
            o = json.loads(line)
            res[o["id"]] = o
    return res


def dec(o: dict) -> str:
    return ORACLE_MAP.get(o["decision"], "error:" + str(o.get("error", o["decision"]))[:80])


# ------------------------------------------------------------------------------------------------
# Documented divergences, as corrections applied to the peer's request or answer.
# Each correction rewrites the peer's input so that, under the AWS documentation's semantics, the
# question is unchanged but the peer's known deviation no longer matters. See DIVERGENCES.md.


def _walk_statements(req: dict):
    """Every statement of every policy in an oracle request."""
    pols = []
    if req.get("keyPolicy"):
        pols.append(req["keyPolicy"])
    pols += req.get("identityPolicies", [])
    pols += req.get("permissionBoundaries", []) or []
    if req.get("sessionPolicy"):
        pols.append(req["sessionPolicy"])
    pols += req.get("vpcEndpointPolicies", []) or []
    for lv in (req.get("scps") or []) + (req.get("rcps") or []):
        pols += lv
    for p in pols:
        st = p["Statement"]
        for s in st if isinstance(st, list) else [st]:
            yield s


def _ctx_has(req: dict, key: str) -> bool:
    return any(k.lower() == key.lower() for k in req["context"])


def fix_foranyvalue_ifexists(req: dict, item) -> bool:
    """§12 #3: `ForAnyValue:<op>IfExists` on an absent key is true (IfExists); the peer says false.
    Rewrite: absent key -> drop the entry (true); present key -> `ForAnyValue:<op>` (same meaning)."""
    changed = False
    for s in _walk_statements(req):
        cond = s.get("Condition")
        if not cond:
            continue
        for op in list(cond):
            if not (op.lower().startswith("foranyvalue:") and op.lower().endswith("ifexists")):
                continue
            block = cond.pop(op)
            changed = True
            keep = {k: v for k, v in block.items() if _ctx_has(req, k)}
            if keep:
                cond.setdefault(op[: -len("IfExists")], {}).update(keep)
        if not cond:
            del s["Condition"]
    return changed


NEGATED = ("stringnotequals", "stringnotequalsignorecase", "stringnotlike", "arnnotequals", "arnnotlike")


def _unresolvable(v, req) -> bool:
    import re

    if not isinstance(v, str):
        return False
    for m in re.finditer(r"\$\{([^}]*)\}", v):
        body = m.group(1)
        if body in ("*", "?", "$") or ", '" in body:
            continue
        if not _ctx_has(req, body.strip()):
            return True
    return False


def fix_negated_unresolvable_variable(req: dict, item) -> bool:
    """§12 #2: a negated operator whose value holds an unresolvable variable: AWS treats the value as
    null, which the request value is "not equal" to; the peer counts it as matching. Rewrite: drop
    such values (an entry left with none is true for a present key and is dropped)."""
    changed = False
    for s in _walk_statements(req):
        cond = s.get("Condition")
        if not cond:
            continue
        for op in list(cond):
            base = op.split(":")[-1].lower()
            if base.endswith("ifexists"):
                base = base[: -len("ifexists")]
            if base not in NEGATED:
                continue
            block = cond[op]
            for k in list(block):
                vals = block[k] if isinstance(block[k], list) else [block[k]]
                good = [v for v in vals if not _unresolvable(v, req)]
                if len(good) == len(vals):
                    continue
                changed = True
                if good:
                    block[k] = good
                elif _ctx_has(req, k):
                    del block[k]  # every value is null: the negated test holds for the present key
                # absent key: the negated (or IfExists) entry is true anyway; leave it
            if not block:
                del cond[op]
        if not cond:
            del s["Condition"]
    return changed


def fix_root_identity(req: dict, item) -> bool:
    """§12 #25: the account root user has every IAM permission in its own account (an implicit
    identity allow); the peer gives it no identity policy. Rewrite: give root an allow-all."""
    if Caller(req["principal"]).kind != "root":
        return False
    req["identityPolicies"] = req["identityPolicies"] + [
        {"Version": "2012-10-17", "Statement": [{"Sid": "RootImplicit", "Effect": "Allow", "Action": "*", "Resource": "*"}]}
    ]
    return True


def _principals(s):
    p = s.get("Principal")
    if p is None:
        return []
    if p == "*":
        return ["*"]
    v = p.get("AWS", [])
    return v if isinstance(v, list) else [v]


def fix_session_direct(req: dict, item):
    """§12 #11 / §8.5: a key-policy statement naming the exact session ARN, or "*", is not limited by
    the session policy; the peer always applies the session policy's implicit deny. Returns an extra
    request that asks only for that unlimited path: key-policy Allow statements naming the session or
    "*" (all Deny statements kept), no identity policies, the session policy reduced to allow-all plus
    its Deny statements. The combined answer is the original one unless it is an implicit deny and the
    unlimited path alone is allowed."""
    if not req.get("sessionPolicy") or not req.get("keyPolicy"):
        return None
    c = Caller(req["principal"])
    if c.kind != "session":
        return None
    kp = copy.deepcopy(req["keyPolicy"])
    st = kp["Statement"] if isinstance(kp["Statement"], list) else [kp["Statement"]]
    keep = [s for s in st if s["Effect"] == "Deny" or any(x in ("*", c.arn) for x in _principals(s))]
    if not any(s["Effect"] == "Allow" for s in keep):
        return None
    kp["Statement"] = keep
    sp = req["sessionPolicy"]
    sst = sp["Statement"] if isinstance(sp["Statement"], list) else [sp["Statement"]]
    extra = copy.deepcopy(req)
    extra["keyPolicy"] = kp
    extra["identityPolicies"] = []
    extra["sessionPolicy"] = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}] + [s for s in sst if s["Effect"] == "Deny"],
    }
    return extra


def post_cross_account_capability(req: dict, item, decision: str) -> str:
    """§7: a permission given to another account for an action KMS does not allow across accounts
    "has no effect"; the peer has no such table. Correction: Allowed -> implicitDeny."""
    if req["resource"] == "*":
        return decision
    aname = req["action"].split(":", 1)[1].lower()
    if Caller(req["principal"]).account != req["resourceAccount"] and aname not in CROSS_ACCOUNT_CAPABLE and decision == "allowed":
        return "implicitDeny"
    return decision


# (name, kind, function, DIVERGENCES.md class)
CORRECTIONS = [
    ("root-implicit-identity-allow", "rewrite", fix_root_identity),
    ("cross-account-capability", "post", post_cross_account_capability),
    ("foranyvalue-ifexists-absent", "rewrite", fix_foranyvalue_ifexists),
    ("negated-op-unresolvable-variable", "rewrite", fix_negated_unresolvable_variable),
    ("session-policy-vs-direct-key-policy", "extra", fix_session_direct),
]


def has_ec_case_collision(case: dict) -> bool:
    ks = [k.lower() for k in (case.get("encryption_context") or {})]
    return len(ks) != len(set(ks))


def correction_plan(req: dict, item, enabled: list[str]):
    """The requests to send for one correction subset, and a combiner of their answers."""
    r = copy.deepcopy(req)
    used = []
    posts = []
    extras = []
    for name, kind, fn in CORRECTIONS:
        if name not in enabled:
            continue
        if kind == "rewrite":
            if fn(r, item):
                used.append(name)
        elif kind == "post":
            posts.append((name, fn))
    for name, kind, fn in CORRECTIONS:
        if name in enabled and kind == "extra":
            e = fn(r, item)
            if e is not None:
                extras.append((name, e))

    def combine(answers: list[str]) -> tuple[str, list[str]]:
        d = answers[0]
        u = list(used)
        for (name, _), a in zip(extras, answers[1:]):
            if d == "implicitDeny" and a == "allowed":
                d = "allowed"
                u.append(name)
        for name, fn in posts:
            nd = fn(r, item, d)
            if nd != d:
                u.append(name)
            d = nd
        return d, u

    return [r] + [e for _, e in extras], combine


def classify(items, kms_dec, oracle_dec, oracle_dir):
    """For each disagreeing item: (class label, corrected oracle decision)."""
    names = [c[0] for c in CORRECTIONS]
    subsets = [[n] for n in names] + [names]
    plans = {}
    reqs = []
    for idx in items:
        it = ITEMS[idx]
        for si, sub in enumerate(subsets):
            rs, comb = correction_plan(it["req"], it, sub)
            ids = []
            for j, r in enumerate(rs):
                r = dict(r)
                r["id"] = f"{idx}/{si}/{j}"
                ids.append(r["id"])
                reqs.append(r)
            plans[(idx, si)] = (ids, comb)
    ans = run_oracle(oracle_dir, reqs)
    out = {}
    for idx in items:
        it = ITEMS[idx]
        k = kms_dec[idx]
        fixed_by = []
        all_dec = None
        for si, sub in enumerate(subsets):
            ids, comb = plans[(idx, si)]
            d, used = comb([dec(ans[i]) for i in ids])
            if si == len(subsets) - 1:
                all_dec, all_used = d, used
            elif d == k and used:
                fixed_by.append(sub[0])
        if fixed_by:
            out[idx] = (" | ".join(fixed_by) if len(fixed_by) > 1 else fixed_by[0], all_dec)
        elif all_dec == k:
            out[idx] = ("+".join(sorted(set(all_used))), all_dec)
        elif has_ec_case_collision(it["case"]) and it["kms"]["explanation"].get("errors"):
            out[idx] = ("ec-key-case-collision", all_dec)
        else:
            out[idx] = (f"UNEXPLAINED kms={k} peer={oracle_dec[idx]} peer-corrected={all_dec} [{features(it)}]", all_dec)
    return out


def features(it) -> str:
    c = it["case"]
    caller = Caller(c["principal"])
    req = it["req"]
    same = "same-account" if caller.account == req["resourceAccount"] else "cross-account"
    f = [caller.kind, same, c["action"]]
    for k, lab in (("permissionBoundaries", "boundary"), ("sessionPolicy", "session-policy"), ("scps", "scp"), ("rcps", "rcp"), ("vpcEndpointPolicies", "vpce")):
        if req.get(k):
            f.append(lab)
    return ", ".join(f)


# ------------------------------------------------------------------------------------------------
# Minimal examples: greedy one-step reductions that keep the class.

ITEMS: list[dict] = []


def reductions(world: dict, case: dict):
    """Candidate (world, case) pairs, each one step smaller."""

    def W():
        return copy.deepcopy(world), copy.deepcopy(case)

    caller = Caller(case["principal"])
    # whole parts first
    for i, k in enumerate(world.get("keys", [])):
        if k["arn"] != case.get("resource") and case.get("resource") not in k.get("aliases", []):
            w, c = W()
            del w["keys"][i]
            yield w, c
    for i, p in enumerate(world.get("principals", [])):
        w, c = W()
        del w["principals"][i]
        yield w, c
    for i, a in enumerate(world.get("accounts", [])):
        w, c = W()
        del w["accounts"][i]
        yield w, c
    for f in ("session_policy", "vpc_endpoint_policy", "context", "encryption_context"):
        if f in case:
            w, c = W()
            del c[f]
            yield w, c
    for kk in list((case.get("encryption_context") or {}).keys()):
        if len(case["encryption_context"]) > 1:
            w, c = W()
            del c["encryption_context"][kk]
            yield w, c
    if case.get("resource", "").startswith("alias/"):
        for k in world["keys"]:
            if case["resource"] in k.get("aliases", []):
                w, c = W()
                c["resource"] = k["arn"]
                yield w, c
    for ai, a in enumerate(world.get("accounts", [])):
        for f in ("scps", "rcps"):
            if f in a:
                w, c = W()
                del w["accounts"][ai][f]
                yield w, c
                for li in range(len(a[f])):
                    if len(a[f]) > 1:
                        w, c = W()
                        del w["accounts"][ai][f][li]
                        yield w, c
                    for pi in range(len(a[f][li])):
                        if len(a[f][li]) > 1:
                            w, c = W()
                            del w["accounts"][ai][f][li][pi]
                            yield w, c
    for pi, p in enumerate(world.get("principals", [])):
        for f in ("permissions_boundary", "tags"):
            if f in p:
                w, c = W()
                del w["principals"][pi][f]
                yield w, c
        for qi in range(len(p.get("policies", []))):
            w, c = W()
            del w["principals"][pi]["policies"][qi]
            yield w, c
    for ki, k in enumerate(world.get("keys", [])):
        for f in ("aliases", "tags"):
            if f in k and not (f == "aliases" and case.get("resource") in k[f]):
                w, c = W()
                del w["keys"][ki][f]
                yield w, c
    # statements and their parts, in every policy
    for path, pol in policy_paths(world, case):
        st = pol["Statement"]
        for si in range(len(st)):
            if len(st) > 1:
                w, c = W()
                del get_path(w, c, path)["Statement"][si]
                yield w, c
        for si, s in enumerate(st):
            if "Condition" in s:
                for op in s["Condition"]:
                    for ck in s["Condition"][op]:
                        w, c = W()
                        cond = get_path(w, c, path)["Statement"][si]["Condition"]
                        del cond[op][ck]
                        if not cond[op]:
                            del cond[op]
                        if not cond:
                            del get_path(w, c, path)["Statement"][si]["Condition"]
                        yield w, c
                        v = s["Condition"][op][ck]
                        if isinstance(v, list) and len(v) > 1:
                            for vi in range(len(v)):
                                w, c = W()
                                lst = get_path(w, c, path)["Statement"][si]["Condition"][op][ck]
                                del lst[vi]
                                yield w, c
            for f in ("Action", "Principal"):
                v = s.get(f)
                if f == "Principal" and isinstance(v, dict):
                    v = v.get("AWS")
                    if isinstance(v, list) and len(v) > 1:
                        for vi in range(len(v)):
                            w, c = W()
                            get_path(w, c, path)["Statement"][si]["Principal"]["AWS"] = [x for j, x in enumerate(v) if j != vi]
                            yield w, c
                elif isinstance(v, list) and len(v) > 1:
                    for vi in range(len(v)):
                        w, c = W()
                        get_path(w, c, path)["Statement"][si][f] = [x for j, x in enumerate(v) if j != vi]
                        yield w, c


def policy_paths(world, case):
    for i, k in enumerate(world.get("keys", [])):
        if isinstance(k.get("policy"), dict):
            yield ("key", i), k["policy"]
    for i, p in enumerate(world.get("principals", [])):
        for j, q in enumerate(p.get("policies", [])):
            yield ("idp", i, j), q
        if isinstance(p.get("permissions_boundary"), dict):
            yield ("pb", i), p["permissions_boundary"]
    for i, a in enumerate(world.get("accounts", [])):
        for f in ("scps", "rcps"):
            for li, lv in enumerate(a.get(f, [])):
                for pi, q in enumerate(lv):
                    yield (f, i, li, pi), q
    for f in ("session_policy", "vpc_endpoint_policy"):
        if isinstance(case.get(f), dict):
            yield (f,), case[f]


def get_path(w, c, path):
    t = path[0]
    if t == "key":
        return w["keys"][path[1]]["policy"]
    if t == "idp":
        return w["principals"][path[1]]["policies"][path[2]]
    if t == "pb":
        return w["principals"][path[1]]["permissions_boundary"]
    if t in ("scps", "rcps"):
        return w["accounts"][path[1]][t][path[2]][path[3]]
    return c[t]


def evaluate_items(pairs, binary, oracle_dir, tmp, tag):
    """Runs (world, case) pairs through both engines and the classifier; returns labels."""
    d = tempfile.mkdtemp(prefix=f"min-{tag}-", dir=tmp)
    start = len(ITEMS)
    for n, (w, c) in enumerate(pairs):
        path = os.path.join(d, f"m{n:04d}.test.json")
        c = dict(c)
        c["name"] = "c"
        doc = dict(w)
        doc["cases"] = [c]
        with open(path, "w") as f:
            json.dump(doc, f, indent=1)
        ITEMS.append({"path": os.path.abspath(path), "world": w, "case": c})
    try:
        kres = run_kmspolicy(binary, d)
    except SystemExit:
        return [None] * len(pairs)  # a reduction made some file invalid; skip this round's batch
    idxs = list(range(start, len(ITEMS)))
    for i in idxs:
        it = ITEMS[i]
        it["kms"] = kres[(it["path"], "c")]
        it["req"] = to_oracle(it["world"], it["case"], str(i))
    raw = run_oracle(oracle_dir, [ITEMS[i]["req"] for i in idxs])
    kd = {i: ITEMS[i]["kms"]["actual"] for i in idxs}
    od = {i: dec(raw[str(i)]) for i in idxs}
    dis = [i for i in idxs if kd[i] != od[i]]
    cls = classify(dis, kd, od, oracle_dir) if dis else {}
    out = []
    for i in idxs:
        out.append((kd[i], od[i], cls[i][0] if i in cls else "agree"))
    return out


def minimize(world, case, sig, binary, oracle_dir, tmp, max_rounds=80, chunk=40):
    """Greedy: apply the first one-step reduction that keeps the class, until none does."""
    for rnd in range(max_rounds):
        cands = list(reductions(world, case))
        hit = None
        for start in range(0, len(cands), chunk):
            part = cands[start : start + chunk]
            labels = evaluate_items(part, binary, oracle_dir, tmp, f"r{rnd}c{start}")
            if all(x is None for x in labels) and len(part) > 1:
                # a reduction made a file invalid (kmspolicy exits 2 for the batch): retry one by one
                labels = [evaluate_items([p], binary, oracle_dir, tmp, f"r{rnd}c{start}s")[0] for p in part]
            for (w, c), lab in zip(part, labels):
                if lab is not None and lab == sig:
                    hit = (w, c)
                    break
            if hit:
                break
        if hit is None:
            break
        world, case = hit
    return world, case


def size_of(world, case) -> int:
    return len(json.dumps(world)) + len(json.dumps(case))


# ------------------------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--per-file", type=int, default=25)
    ap.add_argument("--keep", help="write the scenarios and minimal examples here instead of a temp dir")
    ap.add_argument("--no-build", action="store_true", help="use target/release/kmspolicy as it is")
    ap.add_argument("--rev", help="test this git revision (exported with git archive and built in the temp dir) instead of the working tree")
    ap.add_argument("--no-minimize", action="store_true", help="show the smallest example of each class as generated")
    a = ap.parse_args()

    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            print(f"SKIP: `{tool}` not found on PATH; the differential test needs Node.js and npm to run the peer simulator.")
            return 0

    t0 = time.time()
    tmp_ctx = tempfile.TemporaryDirectory(prefix="kmspolicy-diff-")
    tmp = tmp_ctx.name
    oracle_dir = setup_oracle(tmp)
    binary = build_kmspolicy(a.no_build, a.rev, tmp)
    what = f"revision {a.rev}" if a.rev else ("KMSPOLICY_BIN" if os.environ.get("KMSPOLICY_BIN") else "the working tree")
    out_dir = a.keep or os.path.join(tmp, "scenarios")
    scen_dir = os.path.join(out_dir, "scenarios") if a.keep else out_dir
    if a.keep and os.path.isdir(scen_dir):
        shutil.rmtree(scen_dir)
    paths = gen.generate(a.seed, a.cases, scen_dir, a.per_file)
    t_gen = time.time()

    kres = run_kmspolicy(binary, scen_dir)
    t_kms = time.time()
    for p in paths:
        with open(p) as f:
            doc = json.load(f)
        world = {k: v for k, v in doc.items() if k not in ("cases", "description")}
        for c in doc["cases"]:
            ITEMS.append({"path": os.path.abspath(p), "world": world, "case": c})
    for i, it in enumerate(ITEMS):
        it["kms"] = kres[(it["path"], it["case"]["name"])]
        it["req"] = to_oracle(it["world"], it["case"], str(i))
    n = len(ITEMS)
    raw = run_oracle(oracle_dir, [it["req"] for it in ITEMS])
    t_orc = time.time()
    kd = {i: ITEMS[i]["kms"]["actual"] for i in range(n)}
    od = {i: dec(raw[str(i)]) for i in range(n)}
    dis = [i for i in range(n) if kd[i] != od[i]]
    cls = classify(dis, kd, od, oracle_dir)
    t_cls = time.time()

    agree = n - len(dis)
    print(f"cases: {n} (seed {a.seed}, {len(paths)} scenario files; kmspolicy from {what})")
    print("kmspolicy decisions: " + ", ".join(f"{k} {v}" for k, v in sorted(Counter(kd.values()).items())))
    print("peer decisions:      " + ", ".join(f"{k} {v}" for k, v in sorted(Counter(od.values()).items())))
    print(f"agreement: {agree}/{n} = {100.0 * agree / n:.2f}%")
    corrected_agree = n - sum(1 for i in dis if cls[i][1] != kd[i])
    print(f"agreement after the documented peer corrections: {corrected_agree}/{n} = {100.0 * corrected_agree / n:.2f}%")
    groups = defaultdict(list)
    for i in dis:
        groups[(cls[i][0], kd[i], od[i])].append(i)
    by_class = defaultdict(list)
    for (label, k, o), v in groups.items():
        by_class[label] += v
    unexplained = sum(len(v) for lab, v in by_class.items() if lab.startswith("UNEXPLAINED"))
    print(f"disagreements: {len(dis)} in {len(by_class)} classes ({unexplained} unexplained)")
    print()
    ex_dir = os.path.join(out_dir, "examples") if a.keep else None
    if ex_dir:
        os.makedirs(ex_dir, exist_ok=True)
    for ci, (label, members) in enumerate(sorted(by_class.items(), key=lambda kv: (-len(kv[1]), kv[0]))):
        pairs = Counter((kd[i], od[i]) for i in members)
        print(f"[{len(members)}] {label}")
        print("    kmspolicy -> peer: " + ", ".join(f"{k} -> {o}: {c}" for (k, o), c in sorted(pairs.items())))
        best = min(members, key=lambda i: size_of(ITEMS[i]["world"], ITEMS[i]["case"]))
        it = ITEMS[best]
        w, c = it["world"], it["case"]
        if not a.no_minimize:
            w, c = minimize(copy.deepcopy(w), copy.deepcopy(c), (kd[best], od[best], label), binary, oracle_dir, tmp)
        c = dict(c)
        c["name"] = "example"
        c["expect"] = kd[best]
        example = dict(w)
        example["cases"] = [c]
        print(f"    example (kmspolicy {kd[best]}, peer {od[best]}; from {os.path.basename(it['path'])} case {it['case']['name']}):")
        for line in json.dumps(example, separators=(",", ":")).splitlines():
            print("      " + line)
        if ex_dir:
            with open(os.path.join(ex_dir, f"class-{ci:02d}.test.json"), "w") as f:
                json.dump({"description": label, **example}, f, indent=1)
        print()
    t_end = time.time()
    print(
        f"time: generate {t_gen - t0:.1f}s (incl. setup), kmspolicy {t_kms - t_gen:.1f}s, peer {t_orc - t_kms:.1f}s, "
        f"classify {t_cls - t_orc:.1f}s, examples {t_end - t_cls:.1f}s, total {t_end - t0:.1f}s"
    )
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
