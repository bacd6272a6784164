#!/usr/bin/env bash
# Seed 003 in `oco run coco` / `oco stream coco`: lyapunov-adagrad, sinha-vaze,
# sinha-vaze-strong. The JSON keys alpha, alpha_regret, consumption, budget
# (consumption = constraint_sum + budget, budget = sum_t b_t recomputed from the
# file, alpha_regret = loss - alpha * comparator), the long-term default benchmark
# of the three (per-round for the others), the text output, and the decisions of
# `oco stream coco --budget B_T` fed consumptions <A_tj, x_t> equal to those of
# `oco run coco --problem-file` (and the baselines' with g_t, as for the others).
set -euo pipefail
source "$(dirname "$0")/lib/common.bash"

"$PY" - "$TMP/p.csv" <<'PYEOF'
import random, sys
random.seed(8)
with open(sys.argv[1], "w") as f:
    f.write("c1,c2,c3,A1_1,A1_2,A1_3,b1,A2_1,A2_2,A2_3,b2\n")
    for t in range(80):
        row = [random.uniform(-1, 0.3) for _ in range(3)]
        for j in range(2):
            row += [random.uniform(0, 1) for _ in range(3)] + [random.uniform(0.1, 0.6)]
        f.write(",".join("%.6f" % v for v in row) + "\n")
PYEOF

# 1. JSON keys and their relations; the default benchmark.
for a in lyapunov-adagrad sinha-vaze sinha-vaze-strong llp-linearized sun; do
  "$OCO" run coco --algo $a --problem-file "$TMP/p.csv" --json >"$TMP/f_$a.json"
  "$OCO" run coco --algo $a --problem resource --d 3 --k 2 --T 300 --seed 4 --json >"$TMP/r_$a.json"
done
"$OCO" run coco --algo lyapunov-adagrad --problem-file "$TMP/p.csv" --benchmark per-round \
  --json >"$TMP/pr.json"
"$PY" - "$TMP" "$TMP/p.csv" <<'PYEOF'
import csv, glob, json, math, sys
rows = [[float(v) for v in r] for r in list(csv.reader(open(sys.argv[2])))[1:]]
bfile = [sum(r[3 + j * 4 + 3] for r in rows) for j in range(2)]
files = glob.glob(sys.argv[1] + "/[fr]_*.json")
assert len(files) == 10, files
for f in files:
    d = json.load(open(f))
    for k in ("alpha", "alpha_regret", "consumption", "budget", "constraint_sum", "regret"):
        assert k in d, (f, "missing", k)
    assert d["alpha"] == 1, (f, d["alpha"])
    assert abs(d["alpha_regret"] - (d["loss"] - d["alpha"] * d["comparator"])) <= 1e-9 * max(1, abs(d["loss"])), f
    assert len(d["consumption"]) == d["k"] == len(d["budget"]) == 2
    for c, s, b in zip(d["consumption"], d["constraint_sum"], d["budget"]):
        assert abs(c - (s + b)) <= 1e-9 * max(1, abs(c)), (f, c, s, b)
    if "/f_" in f:
        for b, bb in zip(d["budget"], bfile):
            assert abs(b - bb) <= 1e-9 * bb, (f, b, bb)
    want = "long-term" if any(a in f for a in ("lyapunov", "sinha")) else "per-round"
    assert d["benchmark"] == want, (f, d["benchmark"])
    # violation: ||[consumption - budget]_+|| = ||[constraint_sum]_+|| for every algorithm
    v = math.sqrt(sum(max(s, 0) ** 2 for s in d["constraint_sum"]))
    assert abs(d["violation"] - v) <= 1e-9 * max(1, v), (f, d["violation"], v)
pr = json.load(open(sys.argv[1] + "/pr.json"))
assert pr["benchmark"] == "per-round"
lt = json.load(open(sys.argv[1] + "/f_lyapunov-adagrad.json"))
assert pr["comparator"] >= lt["comparator"] - 1e-9, "the per-round set is inside the long-term one"
PYEOF

# 2. Text output.
"$OCO" run coco --algo lyapunov-adagrad --problem-file "$TMP/p.csv" >"$TMP/text.txt"
grep -q '^alpha       1 (alpha-regret ' "$TMP/text.txt" || fail "text: no alpha line: $(cat "$TMP/text.txt")"
grep -q '^consumption .* (budget ' "$TMP/text.txt" || fail "text: no consumption line"
grep -q '^benchmark   long-term' "$TMP/text.txt" || fail "text: not long-term by default"

# 3. stream == run: lyapunov-adagrad fed consumptions <A_tj, x_t> with --budget B_T
#    (run's JSON budget, printed %.17g), the baselines fed g_t without a budget.
cat >"$TMP/drive.py" <<'PYEOF'
# drive.py FILE CONSUME ERR -- cmd...: play the stream against the file's rounds;
# CONSUME=1 feeds the consumption <A, x> (no -b).
import csv, subprocess, sys
rows = [[float(v) for v in r] for r in list(csv.reader(open(sys.argv[1])))[1:]]
consume = sys.argv[2] == "1"
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
        b = 0.0 if consume else r[d + j * (d + 1) + d]
        fb += [sum(ai * xi for ai, xi in zip(a, x)) - b] + a
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
norm() { "$PY" -c 'import sys
for l in open(sys.argv[1]): print(",".join(repr(float(v)) for v in l.split(",")))' "$1"; }
B=$(json_get "$TMP/f_lyapunov-adagrad.json" '",".join(repr(v) for v in d["budget"])')
for a in lyapunov-adagrad sinha-vaze sinha-vaze-strong; do
  "$OCO" run coco --algo $a --problem-file "$TMP/p.csv" --decisions "$TMP/run_$a.txt" >/dev/null
  if [[ $a == lyapunov-adagrad ]]; then c=1; extra=(--budget "$B"); else c=0; extra=(); fi
  "$PY" "$TMP/drive.py" "$TMP/p.csv" $c "$TMP/err.txt" "$OCO" stream coco --algo $a --d 3 --k 2 \
    --horizon 80 "${extra[@]}" >"$TMP/stream_$a.txt"
  norm "$TMP/run_$a.txt" >"$TMP/run.n"
  cmp -s "$TMP/run.n" "$TMP/stream_$a.txt" || fail "stream != run for $a"
  grep -q '^rc=0' "$TMP/err.txt" || fail "$a: stream exit status: $(cat "$TMP/err.txt")"
done
# Not vacuous: without the budget (or fed g_t) lyapunov-adagrad plays differently.
"$PY" "$TMP/drive.py" "$TMP/p.csv" 0 "$TMP/err.txt" "$OCO" stream coco --algo lyapunov-adagrad \
  --d 3 --k 2 --horizon 80 >"$TMP/nob.txt"
! cmp -s "$TMP/nob.txt" "$TMP/stream_lyapunov-adagrad.txt" || fail "budget/consumption had no effect"
! cmp -s "$TMP/run_sinha-vaze.txt" "$TMP/run_lyapunov-adagrad.txt" || fail "sinha-vaze = lyapunov: weak test"

# 4. oco list: the three with their parameters' tags; --budget usage errors.
"$OCO" list >"$TMP/list.txt"
grep -q 'lyapunov-adagrad .*\[stream\].*V=1 \[D\] lambda=.* \[D\] kappa=.* \[D\]' "$TMP/list.txt" \
  || fail "oco list: lyapunov-adagrad params"
grep -q 'sinha-vaze .*beta=.* \[C\] V=1 \[C\] lambda=1/(2 sqrt(T)) \[C\]' "$TMP/list.txt" \
  || fail "oco list: sinha-vaze params"
grep -q 'sinha-vaze-strong .*H=1 \[D\] V=.* \[C\]' "$TMP/list.txt" || fail "oco list: sinha-vaze-strong"
expect_fail 2 "--budget: 1 numbers for --k 2" -- "$OCO" stream coco --algo lyapunov-adagrad --d 3 \
  --k 2 --horizon 5 --budget 1
expect_fail 2 "--budget: entry 2 is negative" -- "$OCO" stream coco --algo lyapunov-adagrad --d 3 \
  --k 2 --horizon 5 --budget 1,-1
"$OCO" stream coco --help >"$TMP/help.txt"
grep -q -- '--budget B1,...,BK' "$TMP/help.txt" || fail "stream help lacks --budget"
echo "cli_coco_lyapunov: ok"
