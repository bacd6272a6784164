#!/usr/bin/env bash
# oco reproduce llp on a tiny setting (--T-max 2000, 2 seeds): REPORT.md with its
# section, the stand-in and project-addition statements and 20 PASS/FAIL claims;
# the CSV behind every figure, gnuplot scripts and PNGs; raw.csv agrees with
# `oco run coco` on the same (problem, seed, predictions); the prefix values of
# the curves (per-round benchmark of the first t rounds) agree with runs of
# horizon t of the anytime LLP; results independent of --jobs.
set -euo pipefail
source "$(dirname "$0")/lib/common.bash"

"$OCO" reproduce --list >"$TMP/list"
grep -q '^llp ' "$TMP/list" || fail "--list lacks llp"

"$OCO" reproduce llp --seeds 2 --T-max 2000 --jobs 1 --out "$TMP/a" 2>"$TMP/err"
grep -q '^oco: llp: [0-9]* of 20 claims PASS' "$TMP/err" || fail "no summary line: $(cat "$TMP/err")"
R="$TMP/a/REPORT.md"
grep -q '^## llp' "$R" || fail "no llp section"
grep -q 'are STAND-INS' "$R" || fail "the report does not say the Exp 1/2 families are stand-ins"
grep -q 'Noisy predictions are a project addition' "$R" || fail "noisy predictions not labelled"
[[ $(grep -Ec '\| \*\*(PASS|FAIL)\*\* \|$' "$R") -eq 20 ]] || fail "not 20 checked claims"
E="$TMP/a/llp"
for f in raw.csv claims.csv tradeoff.csv noise.csv curves_exp1.csv curves_exp2.csv \
         curves_resource.csv curves_linear.csv curves.gp rates.gp sweeps.gp; do
  test -s "$E/$f" || fail "missing $f"
done
if command -v gnuplot >/dev/null 2>&1; then
  for p in curves rates sweeps; do
    [[ $(head -c 8 "$E/$p.png" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] || fail "$p.png is not a PNG"
    grep -q "(llp/$p.png)" "$R" || fail "REPORT.md does not show $p.png"
  done
fi

# Direct runs of the CLI on the same problems and seeds.
for s in 1 2; do
  "$OCO" run coco --algo llp --problem llp-exp1 --d 1 --T 2000 --seed $s --json >"$TMP/e1_$s.json"
  "$OCO" run coco --algo llp --problem llp-exp1 --d 1 --T 1000 --seed $s --json >"$TMP/e1k_$s.json"
done
"$OCO" run coco --algo llp-linearized --problem llp-exp2 --d 1 --T 2000 --seed 2 \
  --predictions noisy --pred-noise 0.1 --pred-seed 2 --json >"$TMP/e2n.json"
"$OCO" run coco --algo mosp --problem resource --d 4 --k 2 --T 2000 --seed 1 --json >"$TMP/rm.json"
"$OCO" run coco --algo llp --problem linear --d 4 --k 2 --T 2000 --seed 2 --param beta=0.75 \
  --json >"$TMP/lb.json"

"$PY" - "$E" "$R" "$TMP" <<'PYEOF'
import csv, json, statistics, sys
E, R, T = sys.argv[1], sys.argv[2], sys.argv[3]
raw = list(csv.DictReader(open(E + "/raw.csv")))
# 16 methods on the stand-ins (llp-perturbed needs g_t = g + b_t), 15 elsewhere; 2 seeds
assert len(raw) == (16 + 16 + 15 + 15) * 2, len(raw)
for r in raw:
    assert int(r["T"]) == 2000
    loss, comp, reg = float(r["loss"]), float(r["comparator"]), float(r["regret"])
    assert abs(reg - (loss - comp)) <= 1e-9 * max(1, abs(loss)), r
    assert float(r["violation"]) >= 0
def row(fam, method, seed):
    m = [r for r in raw if r["family"] == fam and r["method"] == method and r["seed"] == str(seed)]
    assert len(m) == 1, (fam, method, seed)
    return m[0]
def same(a, b, what):
    assert abs(a - b) <= 1e-9 * max(1, abs(b)), (what, a, b)
for fam, method, seed, f in [("exp1", "llp_none", 1, "e1_1"), ("exp1", "llp_none", 2, "e1_2"),
                             ("exp2", "llp_lin_noisy_0.1", 2, "e2n"), ("resource", "mosp", 1, "rm"),
                             ("linear", "llp_none_b0.75", 2, "lb")]:
    j = json.load(open("%s/%s.json" % (T, f)))
    r = row(fam, method, seed)
    same(float(r["loss"]), j["loss"], f + " loss")
    same(float(r["comparator"]), j["comparator"], f + " comparator")
    same(float(r["S_1"]), j["constraint_sum"][0], f + " S_1")
    same(float(r["violation"]), j["violation"], f + " violation")
# The curve at t = 1000 (prefix of the T = 2000 runs, prefix benchmark) equals the
# mean of runs of horizon 1000: LLP is anytime and the problems' rounds are prefixes.
cur = {int(c["t"]): c for c in csv.DictReader(open(E + "/curves_exp1.csv"))}
reg = [json.load(open("%s/e1k_%d.json" % (T, s)))["regret"] for s in (1, 2)]
same(float(cur[1000]["llp_none_regret"]), statistics.mean(reg), "prefix regret")
same(float(cur[1000]["llp_none_avg_regret"]), statistics.mean(reg) / 1000, "average regret")
# The last checkpoint is T; its means are the raw means.
s1 = [float(row("exp2", "llp_none", s)["S_1"]) for s in (1, 2)]
cur2 = {int(c["t"]): c for c in csv.DictReader(open(E + "/curves_exp2.csv"))}
same(float(cur2[2000]["llp_none_S1"]), statistics.mean(s1), "S1 mean")
# Claims: 20 rows, verdicts, and the count in the report.
cl = list(csv.DictReader(open(E + "/claims.csv")))
assert len(cl) == 20 and all(c["verdict"] in ("PASS", "FAIL") for c in cl), cl
npass = sum(c["verdict"] == "PASS" for c in cl)
assert ("%d of 20 claims PASS." % npass) in open(R).read()
# The Exp 2 claim on LLP checks the max over t of the mean sum of g.
c = [c for c in cl if c["claim"].startswith("Exp 2 (LLP, no predictions)")][0]
mx = max(float(x["llp_none_S1"]) for x in cur2.values())
assert (c["verdict"] == "PASS") == (mx <= 0), (c, mx)
PYEOF

# Same numbers with 2 threads.
"$OCO" reproduce llp --seeds 2 --T-max 2000 --jobs 2 --out "$TMP/b" 2>/dev/null
cmp -s "$TMP/a/llp/raw.csv" "$TMP/b/llp/raw.csv" || fail "results depend on --jobs"
cmp -s "$TMP/a/llp/curves_resource.csv" "$TMP/b/llp/curves_resource.csv" || fail "curves depend on --jobs"
echo ok
