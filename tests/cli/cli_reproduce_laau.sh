#!/usr/bin/env bash
# oco reproduce laau-fairness and laau-ood on a tiny setting (--quick --T-max 120: at most 120
# training and test episodes, 24 validation, 12 epochs): REPORT.md with both sections, the
# synthetic-data statement and every claim checked; the CSV behind every figure, gnuplot scripts
# and PNGs; per test episode, OPT's utility recomputed by an independent water-filling
# (bisection, in Python) from the written test instances and the Equal policy's closed form
# (x_t = B/N) agree with episodes.csv, no method beats OPT on any episode, the figures' points
# are the means/quantiles of episodes.csv and `oco run oobc` on the written instances (opt) and
# on the same synthetic test episodes (equal) gives the same means; the OOD shift's measured W1 is in (0.5·d_W, d_W];
# results do not depend on --jobs.
set -euo pipefail
source "$(dirname "$0")/lib/common.bash"

"$OCO" reproduce --list >"$TMP/list"
grep -q '^laau-fairness ' "$TMP/list" || fail "--list lacks laau-fairness"
grep -q '^laau-ood ' "$TMP/list" || fail "--list lacks laau-ood"

"$OCO" reproduce laau-fairness --quick --T-max 120 --jobs 1 --out "$TMP/a" 2>"$TMP/err"
grep -q '^oco: laau-fairness: [0-9]* of 16 claims PASS' "$TMP/err" || fail "no summary line: $(cat "$TMP/err")"
"$OCO" reproduce laau-ood --quick --T-max 120 --jobs 1 --out "$TMP/o" 2>"$TMP/err"
grep -q '^oco: laau-ood: [0-9]* of 5 claims PASS' "$TMP/err" || fail "no summary line: $(cat "$TMP/err")"
R="$TMP/a/REPORT.md"
grep -q '^## laau-fairness' "$R" || fail "no laau-fairness section"
grep -q 'synthetic stand-in (diurnal + AR(1)), not the Azure trace' "$R" || fail "no synthetic-data statement"
grep -q 'the paper.s 0.562 is on the Azure trace' "$R" || fail "CR-Pursuit's number not qualified"
[[ $(grep -Ec '^\| [0-9]+ \|.*\| \*\*(PASS|FAIL)\*\* \|$' "$R") -eq 16 ]] || fail "not 16 checked claims"
grep -q '^## laau-ood' "$TMP/o/REPORT.md" || fail "no laau-ood section"
grep -q 'not the Azure trace' "$TMP/o/REPORT.md" || fail "ood: no synthetic-data statement"
[[ $(grep -Ec '^\| [0-9]+ \|.*\| \*\*(PASS|FAIL)\*\* \|$' "$TMP/o/REPORT.md") -eq 5 ]] || fail "ood: not 5 checked claims"
E="$TMP/a/laau-fairness"
for f in episodes.csv runs.csv training.csv training_curves.csv fig2_utility.csv fig5_box_N20.csv \
         fig6_laau_rl.csv fig7_remaining.csv fig2_utility.gp fig5_box_N20.gp fig6_laau_rl.gp \
         fig7_remaining.gp test_instances_N10.csv test_instances_N20.csv test_instances_N40.csv; do
  test -s "$E/$f" || fail "missing $f"
done
O="$TMP/o/laau-ood"
for f in fig3_ood.csv fig4_contexts.csv runs.csv fig3_ood.gp fig4_contexts.gp; do
  test -s "$O/$f" || fail "missing ood $f"
done
if command -v gnuplot >/dev/null 2>&1; then
  for p in fig2_utility fig5_box_N20 fig6_laau_rl fig7_remaining; do
    [[ $(head -c 8 "$E/$p.png" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] || fail "$p.png is not a PNG"
    grep -q "(laau-fairness/$p.png)" "$R" || fail "REPORT.md does not show $p.png"
  done
  for p in fig3_ood fig4_contexts; do
    [[ $(head -c 8 "$O/$p.png" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] || fail "$p.png is not a PNG"
  done
fi

# The CLI on the written test instances and on the same synthetic test episodes.
"$OCO" run oobc --algo opt --problem fairness --instances-file "$E/test_instances_N10.csv" \
  --json >"$TMP/opt10.json"
"$OCO" run oobc --algo equal --problem fairness --N 20 --instances 120 --seed 1 --no-opt \
  --json >"$TMP/eq20.json"

"$PY" - "$E" "$O" "$TMP" <<'PYEOF'
import csv, json, math, statistics, sys
E, O, T = sys.argv[1], sys.argv[2], sys.argv[3]
M = ["opt", "laau", "rl", "equal", "avg-lt", "dgd", "mw", "cr-pursuit"]
eps = list(csv.DictReader(open(E + "/episodes.csv")))
assert len(eps) == 3 * 120, len(eps)
f = float

def waterfill(c, B, lo=1.0, hi=40.0):
    # independent OPT: bisection on the water level λ of x_t = clip(c_t/λ, lo, hi)
    def S(l):
        return sum(min(max(ci / l, lo), hi) if ci > 0 else lo for ci in c)
    if S(1e-300) <= B:
        xs = [hi if ci > 0 else lo for ci in c]
    else:
        a, b = 1e-12, 1e12
        for _ in range(300):
            m = math.sqrt(a * b)
            if S(m) > B: a = m
            else: b = m
        xs = [min(max(ci / b, lo), hi) if ci > 0 else lo for ci in c]
    return sum(ci * math.log(x) for ci, x in zip(c, xs)) / len(c)

for N in (10, 20, 40):
    rows = [r for r in eps if int(r["N"]) == N]
    inst = list(csv.reader(open(E + "/test_instances_N%d.csv" % N)))
    assert inst[0] == ["B"] + ["c%d" % (t + 1) for t in range(N)], inst[0]
    inst = inst[1:]
    assert len(inst) == len(rows) == 120
    for r, row in zip(rows, inst):
        B, c = f(row[0]), [f(v) for v in row[1:]]
        assert abs(B - f(r["B"])) <= 1e-12 * B and 10 * N <= B <= 15 * N, (B, N)
        opt = waterfill(c, B)
        assert abs(opt - f(r["opt_utility"])) <= 1e-7, (N, opt, r["opt_utility"])
        eq = sum(ci * math.log(B / N) for ci in c) / N       # Equal: x_t = B/N
        assert abs(eq - f(r["equal_utility"])) <= 1e-9, (N, eq, r["equal_utility"])
        assert abs(f(r["equal_remaining"])) <= 1e-9, r
        for m in M[1:]:
            u = f(r[m + "_utility"])
            assert u <= f(r["opt_utility"]) + 1e-9, (N, m, u, r["opt_utility"])  # nobody beats OPT
            assert -1e-9 <= f(r[m + "_remaining"]) <= 1, (N, m, r)
# Fig. 2 = per-N means of episodes.csv; Fig. 5 = type-7 quantiles at N = 20
fig2 = {int(r["N"]): r for r in csv.DictReader(open(E + "/fig2_utility.csv"))}
for N in (10, 20, 40):
    rows = [r for r in eps if int(r["N"]) == N]
    for m in M:
        v = [f(r[m + "_utility"]) for r in rows]
        assert abs(statistics.mean(v) - f(fig2[N][m + "_mean"])) <= 1e-12, (N, m)
        ci = 1.9799 * statistics.stdev(v) / math.sqrt(len(v))  # t_{0.975, 119}
        assert abs(ci - f(fig2[N][m + "_ci95"])) <= 2e-3 * ci, (N, m, ci, fig2[N][m + "_ci95"])
opt10, eq20 = json.load(open(T + "/opt10.json")), json.load(open(T + "/eq20.json"))
assert opt10["instances"] == 120 and eq20["instances"] == 120
assert abs(opt10["utility_mean"] - f(fig2[10]["opt_mean"])) <= 1e-12, opt10
assert abs(eq20["utility_mean"] - f(fig2[20]["equal_mean"])) <= 1e-12, eq20
box = {r["method"]: r for r in csv.DictReader(open(E + "/fig5_box_N20.csv"))}
labels = ["OPT", "LAAU", "RL", "Equal", "AVG-LT", "DGD", "MW", "CR-Pursuit"]
assert sorted(box) == sorted(labels), sorted(box)
rows = [r for r in eps if int(r["N"]) == 20]
for m, lab in zip(M, labels):
    v = sorted(f(r[m + "_utility"]) for r in rows)
    q = statistics.quantiles(v, n=4, method="inclusive")
    for k, want in (("min", v[0]), ("p25", q[0]), ("median", q[1]), ("p75", q[2]), ("max", v[-1])):
        assert abs(f(box[lab][k]) - want) <= 1e-12, (lab, k)
runs = list(csv.DictReader(open(E + "/runs.csv")))
assert len(runs) == 3 * 8 and all(r["ok"] == "1" for r in runs), [r["error"] for r in runs if r["ok"] != "1"]
assert all(r["budget_exceeded"] == "0" for r in runs)
tr = list(csv.DictReader(open(E + "/training.csv")))
assert len(tr) == 6 and all(r["ok"] == "1" and r["epochs_run"] == "12" for r in tr), tr
# OOD: the measured W1 of a clipped mean shift is at most the shift, and most of it
ood = list(csv.DictReader(open(O + "/fig3_ood.csv")))
assert [round(f(r["dW_target"]), 2) for r in ood] == [0, 0.05, 0.1, 0.15, 0.2, 0.25]
for r in ood:
    d, w = f(r["dW_target"]), f(r["dW_measured"])
    assert (w == 0) if d == 0 else (0.5 * d < w <= d + 1e-12), (d, w)
    assert f(r["laau_mean"]) <= f(r["opt_mean"]) + 1e-9 and f(r["rl_mean"]) <= f(r["opt_mean"]) + 1e-9
dens = list(csv.DictReader(open(O + "/fig4_contexts.csv")))
for k in dens[0]:
    if k.startswith("density"):
        assert abs(sum(f(r[k]) for r in dens) / len(dens) - 1) <= 1e-9, k
PYEOF

# Same numbers with 2 threads (the seconds columns aside).
"$OCO" reproduce laau-fairness --quick --T-max 120 --jobs 2 --out "$TMP/b" 2>/dev/null
cmp -s "$E/episodes.csv" "$TMP/b/laau-fairness/episodes.csv" || fail "results depend on --jobs"
echo ok
