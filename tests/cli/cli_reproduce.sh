#!/usr/bin/env bash
# oco reproduce on a tiny setting: REPORT.md with the section and its claim,
# the CSV behind every figure, gnuplot scripts and PNGs; results independent
# of --jobs; progress lines with --progress.
set -euo pipefail
source "$(dirname "$0")/lib/common.bash"

run_grep -q '^olp-alg1 ' :: "$OCO" reproduce --list || fail "--list lacks olp-alg1"

"$OCO" reproduce olp-alg1 --seeds 3 --T-max 1000 --jobs 1 --out "$TMP/a" --progress 2>"$TMP/err"
grep -Eq '^olp-alg1: [0-9]+/24 \(' "$TMP/err" || fail "no progress line: $(cat "$TMP/err")"
grep -q 'ETA' "$TMP/err" || fail "progress without ETA"
R="$TMP/a/REPORT.md"
test -s "$R" || fail "no REPORT.md"
head -n 1 "$R" | grep -q '^# ' || fail "REPORT.md has no title"
for k in '- machine:' '- date:' '- oco:'; do grep -q -- "^$k" "$R" || fail "REPORT.md lacks '$k'"; done
grep -q '^## olp-alg1' "$R" || fail "no olp-alg1 section"
grep -Eq '\*\*(PASS|FAIL)\*\*' "$R" || fail "no claim verdict"
grep -q '| 1 | 5 | 1000 |' "$R" || fail "no table row for type 1, m 5, T 1000"
E="$TMP/a/olp-alg1"
for f in raw.csv slopes.csv rv.gp regret.gp violation.gp \
         series_type1_m1.csv series_type1_m5.csv series_type2_m1.csv series_type2_m5.csv; do
  test -s "$E/$f" || fail "missing $f"
done
# 4 series x 2 T values x 3 seeds = 24 runs.
[[ $(($(wc -l <"$E/raw.csv") - 1)) -eq 24 ]] || fail "raw.csv: expected 24 rows"
head -n 1 "$E/series_type1_m1.csv" | grep -q '^T,n,rv_mean,rv_ci95' || fail "series header"
if command -v gnuplot >/dev/null 2>&1; then
  for p in rv regret violation; do
    test -s "$E/$p.png" || fail "no $p.png"
    [[ $(head -c 8 "$E/$p.png" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] || fail "$p.png is not a PNG"
    grep -q "($(basename "$E")/$p.png)" "$R" || fail "REPORT.md does not show $p.png"
  done
else
  grep -q 'gnuplot not found' "$R" || fail "gnuplot missing but the report does not say so"
fi

# The table of means in the report agrees with raw.csv (mean of r + v, first cell).
"$PY" - "$E/raw.csv" "$E/series_type1_m1.csv" <<'PYEOF'
import csv, sys, statistics
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["type"] == "1" and r["m"] == "1" and r["T"] == "100"]
assert len(rows) == 3
rv = [float(r["regret"]) + float(r["violation"]) for r in rows]
for r in rows:
    assert abs(float(r["opt"]) - float(r["reward"]) - float(r["regret"])) < 1e-9 * max(1, float(r["opt"]))
    assert r["opt_kind"] == "exact"
s = list(csv.DictReader(open(sys.argv[2])))[0]
assert abs(float(s["rv_mean"]) - statistics.mean(rv)) < 1e-9 * max(1, abs(statistics.mean(rv)))
# 95% CI half-width with t(2) = 4.3027.
ci = 4.3027 * statistics.stdev(rv) / 3 ** 0.5
assert abs(float(s["rv_ci95"]) - ci) < 1e-3 * max(1e-9, ci), (s["rv_ci95"], ci)
PYEOF

# Same numbers with 2 threads (timing columns aside).
"$OCO" reproduce olp-alg1 --seeds 3 --T-max 1000 --jobs 2 --out "$TMP/b" 2>/dev/null
cut -d, -f1-11 "$TMP/a/olp-alg1/raw.csv" >"$TMP/a.cut"
cut -d, -f1-11 "$TMP/b/olp-alg1/raw.csv" >"$TMP/b.cut"
cmp -s "$TMP/a.cut" "$TMP/b.cut" || fail "results depend on --jobs"
cmp -s "$TMP/a/olp-alg1/series_type2_m5.csv" "$TMP/b/olp-alg1/series_type2_m5.csv" || fail "series depend on --jobs"

# Without gnuplot: the report says so, CSV and scripts are kept, no PNG.
PATH=/nonexistent "$OCO" reproduce olp-alg1 --seeds 2 --T-max 1000 --out "$TMP/ng" 2>/dev/null
grep -q 'gnuplot not found' "$TMP/ng/REPORT.md" || fail "no-gnuplot run does not say so"
test -s "$TMP/ng/olp-alg1/rv.gp" && test -s "$TMP/ng/olp-alg1/series_type1_m1.csv" || fail "no-gnuplot: data missing"
! ls "$TMP/ng/olp-alg1/"*.png >/dev/null 2>&1 || fail "no-gnuplot run left PNGs"

# An output directory that cannot be created is a runtime error.
touch "$TMP/file"
expect_fail 1 "cannot create directory|not a directory" -- "$OCO" reproduce olp-alg1 --seeds 2 --T-max 100 --out "$TMP/file/sub"

# olp: every method of the comparison on the same instances, the claims table
# with a verdict per row, the hard-budget baselines never overspend, and the
# Algorithm 1 numbers equal olp-alg1's on the same (type, m, T, seed).
"$OCO" reproduce olp --seeds 3 --T-max 1000 --out "$TMP/olp" 2>/dev/null
R="$TMP/olp/olp/raw.csv"
for m in alg1 decoupled_g2 decoupled_g1 one_path dmd_euclid dla ahdl wait_less_sqrt wait_less_cbrt; do
  grep -q "^$m," "$R" || fail "olp: no runs of $m"
done
grep -q 'never exceed the budget.*largest violation 0 | \*\*PASS\*\*' "$TMP/olp/REPORT.md" ||
  fail "olp: the hard-budget baselines' claim is not PASS"
"$PY" - "$R" "$TMP/olp" <<'PYEOF' || fail "olp: raw data inconsistent"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
for r in rows:
    if r["algo"] in ("dmd-euclid", "dla", "ahdl", "wait-less-sqrt", "wait-less-cbrt"):
        assert float(r["violation"]) == 0.0, r
    assert abs(float(r["opt"]) - float(r["reward"]) - float(r["regret"])) <= 1e-9 * max(1.0, abs(float(r["opt"]))), r
claims = list(csv.DictReader(open(sys.argv[2] + "/olp/claims.csv")))
assert len(claims) >= 9 and all(c["verdict"] in ("PASS", "FAIL", "not checked") for c in claims)
PYEOF
"$OCO" reproduce olp-alg1 --seeds 3 --T-max 1000 --out "$TMP/a1" 2>/dev/null
"$PY" - "$R" "$TMP/a1/olp-alg1/raw.csv" <<'PYEOF' || fail "olp: Algorithm 1 differs from olp-alg1"
import csv, sys
olp = {(r["type"], r["m"], r["T"], r["seed"]): r["reward"] for r in csv.DictReader(open(sys.argv[1])) if r["method"] == "alg1"}
a1 = {(r["type"], r["m"], r["T"], r["seed"]): r["reward"] for r in csv.DictReader(open(sys.argv[2]))}
common = set(olp) & set(a1)
assert len(common) >= 20, len(common)
assert all(olp[k] == a1[k] for k in common)
PYEOF

# 'all' runs every registered experiment into one report.
"$OCO" reproduce all --seeds 2 --T-max 100 --out "$TMP/c" 2>/dev/null
for e in $("$OCO" reproduce --list | awk '{print $1}'); do
  grep -q "^## $e" "$TMP/c/REPORT.md" || fail "all: no section for $e"
done
echo ok
