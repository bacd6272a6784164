#!/usr/bin/env bash
# The README stays true to the tool: every algorithm its tables name exists
# (`oco list --json`), every command and option it documents is accepted.
set -euo pipefail
source "$(dirname "$0")/lib/common.bash"
: "${OCO_SRC:?}"
R="$OCO_SRC/README.md"
"$OCO" list --json >"$TMP/l.json"
"$PY" - "$R" "$TMP/l.json" <<'PYEOF'
import json, re, sys
readme = open(sys.argv[1]).read()
known = {a["name"]: a for a in json.load(open(sys.argv[2]))["algorithms"]}
sec = readme.split("## Algorithms", 1)[1].split("\n## ", 1)[0]
named = re.findall(r"^\| `([a-z0-9-]+)` \|", sec, re.M)
assert named, "no algorithm table in the README"
bad = [n for n in named if n not in known]
assert not bad, "README names algorithms that do not exist: %s" % bad
missing = [n for n in known if n not in named]
if missing:
    print("note: README tables lack (add them): %s" % missing, file=sys.stderr)
PYEOF
for c in list run stream reproduce train sweep; do
  grep -q "^### \`oco $c" "$R" || fail "README lacks the reference of 'oco $c'"
done
# Every --option of the run/stream/reproduce references is known to --help.
for c in "run olp" "stream olp" "run coco" "stream coco" "run bwk" reproduce sweep; do
  "$OCO" $c --help >"$TMP/h"
  sec=$(awk -v h="### \`oco $c" 'index($0,h)==1{f=1;next} f&&/^##/{exit} f{print}' "$R")
  for o in $(grep -oE -- '--[a-zA-Z][a-zA-Z-]*' <<<"$sec" | sort -u); do
    grep -q -- "$o" "$TMP/h" || fail "README documents $o for 'oco $c' but --help does not know it"
  done
done
# The OOBC section documents two commands: each option must be known to one of them.
"$OCO" train --help >"$TMP/h"
"$OCO" run oobc --help >>"$TMP/h"
sec=$(awk -v h="### \`oco train" 'index($0,h)==1{f=1;next} f&&/^##/{exit} f{print}' "$R")
test -n "$sec" || fail "README lacks the reference of 'oco train' / 'oco run oobc'"
for o in $(grep -oE -- '--[a-zA-Z][a-zA-Z-]*' <<<"$sec" | sort -u); do
  grep -q -- "$o" "$TMP/h" || fail "README documents $o for 'oco train'/'oco run oobc' but --help does not know it"
done
echo ok
