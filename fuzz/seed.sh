#!/usr/bin/env bash
# Builds the seed corpora of every fuzz target from the repository's own inputs: `policies/`,
# `fixtures/lint/` and the policies embedded in the scenario files of `fixtures/`. The corpora
# live in `fuzz/corpus/` (ignored by git); run this before the first `cargo fuzz run`.
set -euo pipefail
cd "$(dirname "$0")"
root=..
mkdir -p corpus/parse_policy corpus/load_scenario corpus/lint corpus/evaluate

# Raw policies and lint inputs (JSON and YAML templates, Terraform plans). The lint target reads
# its first byte as the mode (bits 0-1: file name, 0 = `.json`, 1 = `.yaml`; bits 2-4: policy
# kind; bit 5: account; bit 6: caller), so each seed gets a mode byte in front.
cp "$root"/policies/*.json corpus/parse_policy/
for f in "$root"/fixtures/lint/* "$root"/policies/*.json; do
  [ -f "$f" ] || continue # fixture folders (such as terraform/) are not single inputs
  name=$(basename "$f")
  case "$f" in
    *.json)
      cp "$f" "corpus/parse_policy/lint-$name"
      { printf '\x00'; cat "$f"; } > "corpus/lint/$name"
      { printf '\x60'; cat "$f"; } > "corpus/lint/account-caller-$name"
      ;;
    *) { printf '\x01'; cat "$f"; } > "corpus/lint/$name" ;;
  esac
done

# Scenario files and world files as they are.
find "$root/fixtures" -name '*.test.json' -exec cp {} corpus/load_scenario/ \;
cp "$root"/policies/*.world.json corpus/load_scenario/

# Every policy embedded in a scenario file, one file each (objects with a `Statement` member).
i=0
while IFS= read -r policy; do
  i=$((i + 1))
  printf '%s\n' "$policy" > "corpus/parse_policy/embedded-$i.json"
done < <(find "$root/fixtures" -name '*.test.json' -print0 \
  | xargs -0 jq -c '.. | objects | select(has("Statement"))' 2>/dev/null)

# The evaluator target reads structured input from raw bytes: seed it with a few random blobs.
for n in 1 2 3 4 5 6 7 8; do
  head -c $((n * 64)) /dev/urandom > "corpus/evaluate/random-$n"
done

for d in corpus/*; do
  echo "$d: $(find "$d" -type f | wc -l) files"
done
