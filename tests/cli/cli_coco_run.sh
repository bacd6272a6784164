#!/usr/bin/env bash
# oco run coco: the JSON contract, regret = loss - comparator, the loss, the
# constraint sums and the violation recomputed independently (Python) from
# --decisions on a problem file, the per-round and long-term benchmarks of a
# 2-D file against vertex enumeration, the trace columns, an infeasible
# per-round benchmark reported as such, file errors with file:line:column,
# bad options, and oco list's coco entries.
set -euo pipefail
source "$(dirname "$0")/lib/common.bash"

KEYS='problem problem_file algo d k T seed domain predictions pred_noise params loss comparator
      comparator_kind comparator_gap comparator_method benchmark x_star regret constraint_sum
      violation max_running_violation oracle_calls stream seconds rounds_per_second
      hindsight_seconds memory_bytes'

# 1. oco list --json: every coco algorithm has a boolean "stream"; the linearised ones
#    stream, the ones that need the constraint functions do not.
"$OCO" list --json >"$TMP/list.json"
"$PY" - "$TMP/list.json" <<'PYEOF'
import json, sys
L = json.load(open(sys.argv[1]))
coco = {a["name"]: a for a in L["algorithms"] if a["protocol"] == "coco"}
want = {"llp": False, "llp-linearized": True, "llp2": False, "llp2-linearized": True,
        "llp-perturbed": False, "mosp": False, "valls": True, "sun": True, "dpp": True}
for n, s in want.items():
    assert n in coco, ("missing coco algorithm", n, sorted(coco))
    assert coco[n]["stream"] is s, (n, coco[n]["stream"])
for a in coco.values():
    assert isinstance(a["stream"], bool) and isinstance(a["anytime"], bool)
    assert a["source"] and a["summary"]
names = [p["name"] for p in L["problems"] if p["protocol"] == "coco"]
for n in ("llp-exp1", "llp-exp2", "linear", "quadratic", "quadratic-constraints", "resource"):
    assert n in names, (n, names)
PYEOF
"$OCO" list >"$TMP/list.txt"  # to a file: grep -q on a pipe would SIGPIPE the writer
grep -q 'llp-linearized.*\[stream\]' "$TMP/list.txt" || fail "oco list: llp-linearized not marked [stream]"
grep -q ' llp .*\[run only\]' "$TMP/list.txt" || fail "oco list: llp not marked [run only]"

# 2. Every algorithm on the stand-ins and a random family: the keys, regret = loss -
#    comparator, violation = ||[constraint_sum]_+||.
for a in llp llp-linearized llp2 llp2-linearized llp-perturbed mosp valls sun dpp; do
  "$OCO" run coco --algo $a --problem llp-exp1 --d 1 --T 400 --seed 3 --json >"$TMP/e1_$a.json"
  "$OCO" run coco --algo $a --problem llp-exp2 --d 1 --T 400 --seed 3 --predictions perfect \
    --json >"$TMP/e2_$a.json"
done
for a in llp llp-linearized llp2 mosp valls sun dpp; do
  "$OCO" run coco --algo $a --problem linear --d 3 --k 2 --T 300 --seed 5 --json >"$TMP/lin_$a.json"
done
"$PY" - "$TMP" $KEYS <<'PYEOF'
import glob, json, math, sys
files = glob.glob(sys.argv[1] + "/e[12]_*.json") + glob.glob(sys.argv[1] + "/lin_*.json")
assert len(files) >= 20, files
for f in files:
    lines = open(f).read().splitlines()
    assert len(lines) == 1, (f, "not one line")
    d = json.loads(lines[0])
    for k in sys.argv[2:]:
        assert k in d, (f, "missing key", k)
    assert d["comparator_kind"] in ("exact", "approximate"), (f, d["comparator_kind"])
    assert abs(d["regret"] - (d["loss"] - d["comparator"])) <= 1e-9 * max(1, abs(d["loss"])), f
    assert len(d["constraint_sum"]) == d["k"]
    v = math.sqrt(sum(max(s, 0) ** 2 for s in d["constraint_sum"]))
    assert abs(d["violation"] - v) <= 1e-9 * max(1, v), (f, d["violation"], v)
    assert d["max_running_violation"] >= d["violation"] - 1e-12
    assert d["benchmark"] == "per-round" and d["T"] in (300, 400)
    assert d["oracle_calls"]["cost"] >= d["T"] and d["oracle_calls"]["constraints"] >= d["T"]
    if "/e2_" in f:
        assert d["predictions"] == "perfect"
    else:
        assert d["predictions"] == "none" and d["pred_noise"] == 0
PYEOF

# 3. A 2-D problem file: the loss and constraint sums recomputed from --decisions, the
#    trace's columns, and both benchmarks against vertex enumeration (an LP's optimum is
#    at a vertex of the feasible polygon: intersect every pair of lines).
"$PY" - "$TMP/p.csv" <<'PYEOF'
import random, sys
random.seed(11)
with open(sys.argv[1], "w") as f:
    f.write("c1,c2,A1_1,A1_2,b1,A2_1,A2_2,b2\n")
    for t in range(40):
        c = [random.uniform(-1, 1) for _ in range(2)]
        rows = []
        for j in range(2):
            a = [random.uniform(0.2, 1) for _ in range(2)]
            b = 0.6 * sum(a) / 2 + random.uniform(0, 0.3)  # x = (0.3, 0.3) strictly feasible
            rows += a + [b]
        f.write(",".join("%.6f" % v for v in c + rows) + "\n")
PYEOF
for b in per-round long-term; do
  "$OCO" run coco --algo llp-linearized --problem-file "$TMP/p.csv" --benchmark $b --json \
    --decisions "$TMP/dec_$b.txt" --trace "$TMP/tr_$b.csv" >"$TMP/p_$b.json"
done
"$PY" - "$TMP" <<'PYEOF'
import csv, itertools, json, math, sys
tmp = sys.argv[1]
rows = [[float(v) for v in r] for r in list(csv.reader(open(tmp + "/p.csv")))[1:]]
C = [r[0:2] for r in rows]
A = [[(r[2 + 3 * j], r[3 + 3 * j], r[4 + 3 * j]) for j in range(2)] for r in rows]
def lp(cons):  # min <sum c, x> over [0,1]^2 and a1 x1 + a2 x2 <= b for (a1, a2, b) in cons
    s = [sum(c[i] for c in C) for i in range(2)]
    lines = list(cons) + [(1, 0, 1), (-1, 0, 0), (0, 1, 1), (0, -1, 0)]
    best = None
    for (a1, a2, b), (e1, e2, f) in itertools.combinations(lines, 2):
        det = a1 * e2 - a2 * e1
        if abs(det) < 1e-14:
            continue
        x = ((b * e2 - a2 * f) / det, (a1 * f - b * e1) / det)
        if all(p * x[0] + q * x[1] <= r + 1e-9 for p, q, r in lines):
            v = s[0] * x[0] + s[1] * x[1]
            best = v if best is None else min(best, v)
    return best
per = lp([a for t in A for a in t])
lt = lp([(sum(A[t][j][0] for t in range(40)), sum(A[t][j][1] for t in range(40)),
          sum(A[t][j][2] for t in range(40))) for j in range(2)])
for b, opt in (("per-round", per), ("long-term", lt)):
    d = json.load(open("%s/p_%s.json" % (tmp, b)))
    assert d["problem"] == "file" and d["d"] == 2 and d["k"] == 2 and d["T"] == 40, d
    assert d["comparator_kind"] == "exact", d["comparator_kind"]
    assert abs(d["comparator"] - opt) <= 1e-7 * max(1, abs(opt)), (b, d["comparator"], opt)
    X = [[float(v) for v in l.split(",")] for l in open("%s/dec_%s.txt" % (tmp, b))]
    assert len(X) == 40
    loss = sum(C[t][0] * X[t][0] + C[t][1] * X[t][1] for t in range(40))
    assert abs(d["loss"] - loss) <= 1e-9 * max(1, abs(loss)), (d["loss"], loss)
    for j in range(2):
        s = sum(A[t][j][0] * X[t][0] + A[t][j][1] * X[t][1] - A[t][j][2] for t in range(40))
        assert abs(d["constraint_sum"][j] - s) <= 1e-9 * max(1, abs(s)), (j, s)
    tr = list(csv.reader(open("%s/tr_%s.csv" % (tmp, b))))
    assert tr[0] == ["t", "loss", "g_1", "g_2", "S_1", "S_2", "lambda_1", "lambda_2", "x_1", "x_2"], tr[0]
    assert len(tr) == 41
    last = [float(v) for v in tr[-1]]
    assert abs(last[4] - d["constraint_sum"][0]) <= 1e-9 and abs(last[8] - X[-1][0]) == 0
PYEOF

# 4. An infeasible per-round benchmark is reported as such (exit 0, comparator null).
printf 'c1,A1_1,b1\n1,1,0.5\n1,-1,-0.7\n0.5,1,0.9\n' >"$TMP/inf.csv"
"$OCO" run coco --algo llp-linearized --problem-file "$TMP/inf.csv" --json >"$TMP/inf.json"
"$PY" - "$TMP/inf.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["comparator_kind"] == "infeasible" and d["comparator"] is None and d["regret"] is None, d
assert "infeasible" in d["comparator_error"] or "empty" in d["comparator_error"], d["comparator_error"]
PYEOF
"$OCO" run coco --algo llp-linearized --problem-file "$TMP/inf.csv" >"$TMP/inf.txt"
grep -q 'infeasible' "$TMP/inf.txt" || fail "text report does not say the benchmark is infeasible"
"$OCO" run coco --algo llp-linearized --problem-file "$TMP/inf.csv" --benchmark long-term --json >"$TMP/inf2.json"
grep -q '"comparator_kind":"exact"' "$TMP/inf2.json" || fail "the long-term benchmark of inf.csv is feasible"

# 5. Problem-file errors name file:line:column (exit 1).
printf 'c1,A1_1,b1\n1,2,3\n1,x,3\n' >"$TMP/bad1.csv"
expect_fail 1 "bad1.csv:3:3" -- "$OCO" run coco --algo llp --problem-file "$TMP/bad1.csv"
printf 'c1,A1_2,b1\n1,2,3\n' >"$TMP/bad2.csv"
expect_fail 1 "bad2.csv:1:4" -- "$OCO" run coco --algo llp --problem-file "$TMP/bad2.csv"
printf 'c1,A1_1,b1\n1,2\n' >"$TMP/bad3.csv"
expect_fail 1 "bad3.csv:2:" -- "$OCO" run coco --algo llp --problem-file "$TMP/bad3.csv"
printf 'c1,A1_1,b1\n1,nan,3\n' >"$TMP/bad4.csv"
expect_fail 1 "bad4.csv:2:3" -- "$OCO" run coco --algo llp --problem-file "$TMP/bad4.csv"
expect_fail 1 "nosuch.csv" -- "$OCO" run coco --algo llp --problem-file "$TMP/nosuch.csv"

# 6. Usage errors (exit 2).
expect_fail 2 "unknown coco algorithm 'nope'.*known:.*llp" -- "$OCO" run coco --algo nope --problem linear --d 2 --T 10
expect_fail 2 "beta" -- "$OCO" run coco --algo llp --param beta=3 --problem linear --d 2 --T 10
expect_fail 2 "unknown.*'bogus'" -- "$OCO" run coco --algo llp --param bogus=1 --problem linear --d 2 --T 10
expect_fail 2 "--predictions: unknown kind 'good'" -- "$OCO" run coco --algo llp --problem linear --d 2 --T 10 --predictions good
expect_fail 2 "--pred-noise applies to --predictions noisy" -- "$OCO" run coco --algo llp --problem linear --d 2 --T 10 --pred-noise 0.1
expect_fail 2 "--pred-noise must be >= 0" -- "$OCO" run coco --algo llp --problem linear --d 2 --T 10 --predictions noisy --pred-noise -1
expect_fail 2 "--benchmark: unknown" -- "$OCO" run coco --algo llp --problem linear --d 2 --T 10 --benchmark soon
expect_fail 2 "unknown problem 'zzz'" -- "$OCO" run coco --algo llp --problem zzz --d 2 --T 10
expect_fail 2 "needs --d D and --T T" -- "$OCO" run coco --algo llp --problem linear --d 2
expect_fail 2 "either --problem or --problem-file" -- "$OCO" run coco --algo llp --problem linear --d 2 --T 5 --problem-file "$TMP/p.csv"
expect_fail 2 "--domain" -- "$OCO" run coco --algo llp --problem linear --d 2 --T 10 --domain simplex
expect_fail 2 "--T" -- "$OCO" run coco --algo llp --problem linear --d 2 --T 0
expect_fail 2 "unknown option '--bogus'" -- "$OCO" run coco --algo llp --problem linear --d 2 --T 10 --bogus
echo "cli_coco_run: ok"
