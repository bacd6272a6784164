#!/usr/bin/env bash
# oco reproduce universal on a tiny setting (--T-max): REPORT.md with its section and
# PASS/FAIL claims, the CSV behind every figure, gnuplot scripts and PNGs; the tables
# agree with raw.csv; regret = loss - comparator in every run; exactly T gradient calls
# for the one-gradient ensemble; results independent of --jobs.
set -euo pipefail
source "$(dirname "$0")/lib/common.bash"

run_grep -q '^universal ' :: "$OCO" reproduce --list || fail "--list lacks universal"
run_grep -Eq '^  universal +Universal OCO' :: "$OCO" list || fail "oco list lacks the universal experiment"

"$OCO" reproduce universal --seeds 2 --T-max 400 --jobs 1 --out "$TMP/a" 2>"$TMP/err"
grep -q '^oco: universal: [0-9]* of [0-9]* claims PASS' "$TMP/err" || fail "no summary line: $(cat "$TMP/err")"
R="$TMP/a/REPORT.md"
grep -q '^## universal' "$R" || fail "no universal section"
[[ $(grep -Ec '^\| [0-9]+ \|.*\| \*\*(PASS|FAIL)\*\* \|$' "$R") -ge 8 ]] || fail "fewer than 8 checked claims"
E="$TMP/a/universal"
for f in raw.csv rates_quadratic.csv rates_squared.csv rates_linear-drift.csv delta.csv game.csv \
         rates.gp onegrad.gp delta.gp game.gp; do
  test -s "$E/$f" || fail "missing $f"
done
if command -v gnuplot >/dev/null 2>&1; then
  for p in rates onegrad delta game; do
    [[ $(head -c 8 "$E/$p.png" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] || fail "$p.png is not a PNG"
    grep -q "(universal/$p.png)" "$R" || fail "REPORT.md does not show $p.png"
  done
fi

"$PY" - "$E" "$R" <<'PYEOF'
import csv, statistics, sys
E, R = sys.argv[1], sys.argv[2]
raw = list(csv.DictReader(open(E + "/raw.csv")))
parts = {r["part"] for r in raw}
assert parts == {"rate", "delta", "game"}, parts
for r in raw:
    T = int(r["T"])
    assert T == 400, r
    if r["part"] != "game":
        loss, comp, reg = float(r["loss_or_gap"]), float(r["comparator"]), float(r["regret"])
        assert abs(reg - (loss - comp)) <= 1e-9 * max(1, abs(loss)), r
    if r["part"] == "rate" and r["learner"] == "universal":
        assert int(r["gradient_calls"]) == T, r          # one gradient per round
    if r["part"] == "rate" and r["learner"] == "multigrad":
        assert int(r["gradient_calls"]) > 2 * T, r       # 1 + N per round
# 3 families x 7 learners x 1 T x 2 seeds; 7 deltas x 5 learners x 2; 4 game pairs x 2
# (each part includes the theory preset, `universal-theory`).
assert sum(r["part"] == "rate" for r in raw) == 42, len(raw)
assert sum(r["part"] == "delta" for r in raw) == 70
assert sum(r["part"] == "game" for r in raw) == 8
for part in ("rate", "delta", "game"):
    assert any(r["part"] == part and r["learner"] == "universal-theory" for r in raw), part
# The series file and the report's table hold the mean over seeds.
rows = [r for r in raw if r["part"] == "rate" and r["family"] == "squared" and r["learner"] == "ogd-cvx"]
mean = statistics.mean(float(r["regret"]) for r in rows)
s = list(csv.DictReader(open(E + "/rates_squared.csv")))[0]
assert int(s["T"]) == 400 and abs(float(s["ogd-cvx_mean"]) - mean) <= 1e-9 * max(1, abs(mean))
md = open(R).read()
assert "| squared | ogd-cvx | %.3g ±" % mean in md, "table row of squared/ogd-cvx"
# The report says which runs the paper's analysis covers: the theory preset only.
assert "**Which runs the paper's analysis covers.** Only the `universal-theory` rows" in md
assert "No other run is covered." in md
# The game: the gap of the averaged strategies is >= 0 and summed regret = T * gap (bilinear).
for r in raw:
    if r["part"] == "game":
        gap, rsum = float(r["loss_or_gap"]), float(r["regret"])
        assert gap >= -1e-12 and abs(rsum - 400 * gap) <= 1e-9 * max(1, rsum), r
g = list(csv.DictReader(open(E + "/game.csv")))
assert int(g[-1]["t"]) == 400 and int(g[0]["t"]) == 1
PYEOF

# Same numbers with 2 threads (timing column aside).
"$OCO" reproduce universal --seeds 2 --T-max 400 --jobs 2 --out "$TMP/b" 2>/dev/null
sort "$TMP/a/universal/raw.csv" | cut -d, -f1-11 >"$TMP/a.cut"
sort "$TMP/b/universal/raw.csv" | cut -d, -f1-11 >"$TMP/b.cut"
cmp -s "$TMP/a.cut" "$TMP/b.cut" || fail "results depend on --jobs"
cmp -s "$TMP/a/universal/game.csv" "$TMP/b/universal/game.csv" || fail "game series depend on --jobs"
echo ok
