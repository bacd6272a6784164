#!/usr/bin/env bash
# oco reproduce lyapunov on a tiny setting (--T-max 1000): REPORT.md with its section and
# PASS/FAIL claims, the CSV behind every figure, gnuplot scripts and PNGs; raw.csv agrees
# with its own definitions (conservative α-regret = α-regret + α·gap, κ√T + k/2, the
# scaled queue, regret = loss − benchmark) and with an independent closed form of the
# Theorem 5 family's benchmark (p*₁ = B/T); lb.csv is the worst instance of raw.csv;
# results do not depend on --jobs.
set -euo pipefail
source "$(dirname "$0")/lib/common.bash"

"$OCO" reproduce --list >"$TMP/list"
grep -q '^lyapunov ' "$TMP/list" || fail "--list lacks lyapunov"

"$OCO" reproduce lyapunov --seeds 2 --T-max 1000 --jobs 1 --out "$TMP/a" 2>"$TMP/err"
grep -q '^oco: lyapunov: [0-9]* of [0-9]* claims PASS' "$TMP/err" || fail "no summary line: $(cat "$TMP/err")"
R="$TMP/a/REPORT.md"
grep -q '^## lyapunov' "$R" || fail "no lyapunov section"
[[ $(grep -Ec '^\| [0-9]+ \|.*\| \*\*(PASS|FAIL)\*\* \|$' "$R") -ge 15 ]] || fail "fewer than 15 checked claims"
E="$TMP/a/lyapunov"
for f in raw.csv coco_resource.csv coco_vertex-cover.csv coco_dr-submodular.csv \
         coco_phase-retrieval.csv bwk_stochastic.csv bwk_adversarial.csv lb.csv coco.gp bwk.gp lb.gp; do
  test -s "$E/$f" || fail "missing $f"
done
if command -v gnuplot >/dev/null 2>&1; then
  for p in coco bwk lb; do
    [[ $(head -c 8 "$E/$p.png" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] || fail "$p.png is not a PNG"
    grep -q "(lyapunov/$p.png)" "$R" || fail "REPORT.md does not show $p.png"
  done
fi

"$PY" - "$E" "$R" <<'PYEOF'
import csv, math, statistics, sys
from collections import defaultdict
E, R = sys.argv[1], sys.argv[2]
raw = list(csv.DictReader(open(E + "/raw.csv")))
assert all(r["ok"] == "1" for r in raw), [r["error"] for r in raw if r["ok"] != "1"][:3]
A = [r for r in raw if r["part"] == "A"]
B = [r for r in raw if r["part"] == "B"]
C = [r for r in raw if r["part"] == "C"]
# 4 problems x 2 methods x 1 T x 2 seeds
assert len(A) == 16, len(A)
assert {r["problem"] for r in A} == {"resource", "vertex-cover", "dr-submodular", "phase-retrieval"}
f = lambda r, k: float(r[k])
for r in A:
    T, al = int(r["T"]), f(r, "alpha")
    assert T == 1000, r
    rel = 1e-9 * max(1, abs(f(r, "alpha_regret")))
    assert abs(f(r, "alpha_regret_conservative") - (f(r, "alpha_regret") + al * f(r, "gap"))) <= rel, r
    assert f(r, "gap") >= 0, r
    k = 2 if r["budget_2"] not in ("", "nan") else 1
    assert abs(f(r, "regret_envelope") - (f(r, "kappa") * math.sqrt(T) + k / 2)) <= 1e-9 * f(r, "regret_envelope")
    Bs = [f(r, "budget_%d" % (i + 1)) for i in range(k)]
    cs = [f(r, "consumption_%d" % (i + 1)) for i in range(k)]
    assert all(b > 0 for b in Bs) and all(c >= 0 for c in cs), r
    q = max(c * max(Bs) / b for c, b in zip(cs, Bs))      # the scaled queue of §B.4
    assert abs(q - f(r, "Q_scaled_max")) <= 1e-9 * max(1, q), r
    if r["algo"] == "lyapunov-adagrad":
        assert r["ccv"] in ("", "nan"), r
        assert q <= f(r, "Q_envelope"), r                   # Theorem 4's consumption envelope
    else:
        assert f(r, "ccv") >= 0, r
    if r["problem"] in ("vertex-cover", "dr-submodular"):
        assert al < 1, r                                     # rewards as costs
# B: regret = loss - benchmark, consumption within [0, T], the budget binds for the blind methods
algos = {r["algo"] for r in B}
assert {"lyapunov-bwk", "lyapunov-bwk-theory", "sf-mab", "exp3"} <= algos, algos
assert len(B) == 2 * len(algos) * 2, len(B)
for r in B:
    T = int(r["T"])
    assert abs(f(r, "bwk_regret") - (f(r, "bwk_loss") - f(r, "bwk_benchmark"))) <= 1e-9 * T, r
    assert 0 <= f(r, "bwk_consumption") <= T and 0 < f(r, "bwk_budget") < T, r
# C: the Theorem 5 family, every k = 1..n, n = floor(log2 T) = 9, 2 seeds
calgos = {r["algo"] for r in C}
assert "fixed-p*" in calgos and len(C) == len(calgos) * 9 * 2, (calgos, len(C))
T, n = 1000, 9
for r in C:
    k, Bud = int(r["phase_k"]), f(r, "bwk_budget")
    assert abs(Bud - T / n) <= 1e-9 * T, r
    # independent closed form: arm 1 (cost 1, reward 2^(j-n) in phases j <= k) is never
    # worse than the null arm, so p*_1 = B/T and the benchmark is T - (B/T) * sum of rewards
    rew = sum(2.0 ** ((t * n) // T + 1 - n) for t in range(T) if (t * n) // T + 1 <= k)
    assert abs(f(r, "bwk_benchmark") - (T - Bud / T * rew)) <= 1e-6 * T, (r, T - Bud / T * rew)
    if r["algo"] == "fixed-p*":
        # playing p* every round: expected loss = the benchmark, consumption ~ Binomial(T, B/T)
        assert abs(f(r, "bwk_expected_loss") - f(r, "bwk_benchmark")) <= 1e-6 * T, r
        assert abs(f(r, "bwk_consumption") - Bud) <= 5 * math.sqrt(Bud), r
# lb.csv holds, per method, the worst instance of the mean over seeds
cell = defaultdict(list)
for r in C:
    cell[(r["algo"], r["phase_k"])].append(f(r, "bwk_consumption") / f(r, "bwk_budget"))
lb = list(csv.DictReader(open(E + "/lb.csv")))
assert len(lb) == 1 and int(lb[0]["T"]) == T and int(lb[0]["phases"]) == n
for a in calgos:
    worst = max(statistics.mean(v) for (al, _), v in cell.items() if al == a)
    assert abs(float(lb[0][a + "_max_cons_over_B"]) - worst) <= 1e-9 * worst, a
md = open(R).read()
assert "conservative end" in md and "p*₁ = B/T" in md
PYEOF

# Same numbers with 2 threads (the seconds column aside).
"$OCO" reproduce lyapunov --seeds 2 --T-max 1000 --jobs 2 --out "$TMP/b" 2>/dev/null
sort "$TMP/a/lyapunov/raw.csv" | cut -d, -f1-7,9- >"$TMP/a.cut"
sort "$TMP/b/lyapunov/raw.csv" | cut -d, -f1-7,9- >"$TMP/b.cut"
cmp -s "$TMP/a.cut" "$TMP/b.cut" || fail "results depend on --jobs"
echo ok
