#!/usr/bin/env bash
# oco stream coco: driven live by a Python coprocess that computes each round's
# linearised feedback from a problem file at the printed x_t; the decisions equal
# `oco run coco --problem-file --decisions` for every streaming algorithm; predict,
# lines are taken; bad lines are rejected naming line and column with the state
# unchanged; the horizon; run-only algorithms are refused (exit 2).
set -euo pipefail
source "$(dirname "$0")/lib/common.bash"

"$PY" - "$TMP/p.csv" <<'PYEOF'
import random, sys
random.seed(5)
with open(sys.argv[1], "w") as f:
    f.write("c1,c2,c3,A1_1,A1_2,A1_3,b1,A2_1,A2_2,A2_3,b2\n")
    for t in range(60):
        c = [random.uniform(-1, 1) for _ in range(3)]
        row = c[:]
        for j in range(2):
            a = [random.uniform(-0.5, 1) for _ in range(3)]
            row += a + [random.uniform(0.1, 0.8)]
        f.write(",".join("%.6f" % v for v in row) + "\n")
PYEOF
cat >"$TMP/drive.py" <<'PYEOF'
# drive.py FILE BADLINES -- oco stream coco ...: play the stream against the file's rounds.
# BADLINES=1 inserts malformed lines (which must be rejected without effect).
import csv, subprocess, sys
rows = [[float(v) for v in r] for r in list(csv.reader(open(sys.argv[1])))[1:]]
bad = sys.argv[2] == "1"
cmd = sys.argv[4:]
p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                     text=True, bufsize=1)
d, k = 3, 2
out = []
x = [float(v) for v in p.stdout.readline().split(",")]
for t, r in enumerate(rows):
    out.append(x)
    fb = r[:d]
    for j in range(k):
        a = r[d + j * (d + 1): d + j * (d + 1) + d]
        b = r[d + j * (d + 1) + d]
        fb += [sum(ai * xi for ai, xi in zip(a, x)) - b] + a
    if bad and t in (3, 10):
        p.stdin.write("1,2,3\n")                      # too few fields
        p.stdin.write(",".join(["nan"] + ["1"] * (len(fb) - 1)) + "\n")
        p.stdin.write("predict,1,2\n")                # a short prediction line
    p.stdin.write(",".join(repr(v) for v in fb) + "\n")
    p.stdin.flush()
    if t + 1 < len(rows):
        x = [float(v) for v in p.stdout.readline().split(",")]
p.stdin.close()
rest = p.stdout.read()
err = p.stderr.read()
rc = p.wait()
sys.stdout.write("".join(",".join(repr(v) for v in xx) + "\n" for xx in out))
open(sys.argv[3], "w").write("rc=%d\n%s" % (rc, err))
assert rest == "", ("decisions after the horizon", rest)
PYEOF
# Compare as numbers printed with %.17g by both sides.
norm() { "$PY" -c 'import sys
for l in open(sys.argv[1]): print(",".join(repr(float(v)) for v in l.split(",")))' "$1"; }

for a in llp-linearized llp2-linearized valls sun dpp; do
  "$OCO" run coco --algo $a --problem-file "$TMP/p.csv" --domain box:0,1 --decisions "$TMP/run.txt" >/dev/null
  "$PY" "$TMP/drive.py" "$TMP/p.csv" 0 "$TMP/err.txt" "$OCO" stream coco --algo $a --d 3 --k 2 \
    --domain box:0,1 --horizon 60 >"$TMP/stream.txt"
  norm "$TMP/run.txt" >"$TMP/run.n"
  cmp -s "$TMP/run.n" "$TMP/stream.txt" || fail "stream != run for $a"
  grep -q '^rc=0' "$TMP/err.txt" || fail "$a: stream exit status: $(cat "$TMP/err.txt")"
done
# The algorithms differ (the comparison is not vacuous).
"$OCO" run coco --algo sun --problem-file "$TMP/p.csv" --decisions "$TMP/a.txt" >/dev/null
"$OCO" run coco --algo llp-linearized --problem-file "$TMP/p.csv" --decisions "$TMP/b.txt" >/dev/null
! cmp -s "$TMP/a.txt" "$TMP/b.txt" || fail "sun and llp-linearized play the same: weak test"

# Bad lines: same decisions, one error line each naming the line, exit 1 at the end.
"$PY" "$TMP/drive.py" "$TMP/p.csv" 1 "$TMP/err.txt" "$OCO" stream coco --algo llp-linearized \
  --d 3 --k 2 --horizon 60 >"$TMP/bad.txt"
"$PY" "$TMP/drive.py" "$TMP/p.csv" 0 "$TMP/err0.txt" "$OCO" stream coco --algo llp-linearized \
  --d 3 --k 2 --horizon 60 >"$TMP/good.txt"
cmp -s "$TMP/good.txt" "$TMP/bad.txt" || fail "a rejected line changed the decisions"
grep -q '^rc=1' "$TMP/err.txt" || fail "stream with bad lines: $(head -1 "$TMP/err.txt")"
[[ $(grep -c '^oco: <stdin>:[0-9]*:[0-9]*: .*rejected, state unchanged' "$TMP/err.txt") -eq 6 ]] \
  || fail "expected 6 error lines: $(cat "$TMP/err.txt")"
# round t = 3 (0-based) is preceded by lines 1-3: its bad lines are 4, 5 and 6
grep -q '^oco: <stdin>:4:6: expected 11 fields, found 3' "$TMP/err.txt" || fail "line 4 error: $(cat "$TMP/err.txt")"
grep -q '^oco: <stdin>:5:1: .*not finite' "$TMP/err.txt" || fail "line 5 error: $(cat "$TMP/err.txt")"
grep -q '^oco: <stdin>:6:12: expected 11 fields, found 2' "$TMP/err.txt" || fail "predict line column: $(cat "$TMP/err.txt")"

# predict, lines are taken: with a prediction the next decision changes.
{ echo "1,0,0,0.2,1,1,1,0.2,1,1,1"; } >"$TMP/one"
{ echo "predict,-5,-5,-5,0,0,0,0,0,0,0,0"; echo "1,0,0,0.2,1,1,1,0.2,1,1,1"; } >"$TMP/onep"
"$OCO" stream coco --algo llp-linearized --d 3 --k 2 <"$TMP/one" >"$TMP/o1"
"$OCO" stream coco --algo llp-linearized --d 3 --k 2 <"$TMP/onep" >"$TMP/o2"
[[ $(wc -l <"$TMP/o1") -eq 2 && $(wc -l <"$TMP/o2") -eq 2 ]] || fail "expected x_1 and x_2"
! cmp -s "$TMP/o1" "$TMP/o2" || fail "the predict line had no effect"

# Horizon: the T-th line is the last; later lines are rejected.
head -n 2 "$TMP/one" >/dev/null
printf '1,0,0,0.2,1,1,1,0.2,1,1,1\n1,0,0,0.2,1,1,1,0.2,1,1,1\n' | \
  "$OCO" stream coco --algo sun --d 3 --k 2 --horizon 1 >"$TMP/h.out" 2>"$TMP/h.err" && fail "horizon overrun must exit 1"
[[ $(wc -l <"$TMP/h.out") -eq 1 ]] || fail "horizon 1: expected x_1 only"
grep -q '<stdin>:2: horizon T = 1 already reached' "$TMP/h.err" || fail "horizon: $(cat "$TMP/h.err")"

# Usage errors.
expect_fail 2 "llp needs the constraint functions" -- "$OCO" stream coco --algo llp --d 3 --k 2 --horizon 5
expect_fail 2 "missing --k K" -- "$OCO" stream coco --algo sun --d 3 --horizon 5
expect_fail 2 "needs the horizon" -- "$OCO" stream coco --algo sun --d 3 --k 2
expect_fail 2 "unknown coco algorithm" -- "$OCO" stream coco --algo ogd --d 3 --k 1
echo "cli_coco_stream: ok"
