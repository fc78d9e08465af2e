#!/usr/bin/env python3
"""Writes N JSON Lines requests for `kmspolicy eval` against the peer-bench workload world
(the five workload requests in turn). Usage: gen_eval_input.py N [WORLD] > requests.jsonl"""
import json
import sys

KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
REQUESTS = [
    {"principal": "arn:aws:iam::111122223333:role/KeyUser", "action": "kms:Decrypt", "encryption_context": {"tenant": "acme"}},
    {"principal": "arn:aws:iam::111122223333:role/KeyUser", "action": "kms:Decrypt", "encryption_context": {"tenant": "evil"}},
    {"principal": "arn:aws:iam::111122223333:role/Blocked", "action": "kms:Decrypt", "encryption_context": {"tenant": "acme"}},
    {"principal": "arn:aws:iam::444455556666:role/Partner", "action": "kms:Decrypt", "encryption_context": {"tenant": "acme"}},
    {"principal": "arn:aws:iam::111122223333:role/KeyAdmin", "action": "kms:ScheduleKeyDeletion"},
]

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
world = sys.argv[2] if len(sys.argv) > 2 else "benches/workload/workload-N4.test.json"
out = sys.stdout
for i in range(n):
    r = {"world": world, "resource": KEY, **REQUESTS[i % len(REQUESTS)]}
    out.write(json.dumps(r) + "\n")
