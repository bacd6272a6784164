#!/usr/bin/env bash
# oco train / oco run oobc (issue 11, seed 000): a tiny LAAU and RL model trained with
# --quick-sized options (and one with --hidden 5 --activation relu --output exp, recorded in
# its file and played by laau; bad --hidden/--activation/--output exit 2); every oobc
# algorithm (and opt) runs with the exact JSON keys and budget_exceeded 0 and never beats
# OPT; the laau decisions file (K rows of N columns) is checked independently in Python against the saved instances (box, strict budget, utility
# recomputed); save-instances + --instances-file round trip gives the same utility_mean;
# every baseline and opt run on multi-budget within both budgets; every bad input (N = 0, budgets <= 0,
# mismatched N, a wrong column count or non-finite value with file:line:column, a model of
# another kind / N / version or corrupted, rl on multi-budget) exits non-zero with one
# message and leaves no output file; oco list and the help texts show the protocol.
set -euo pipefail
source "$(dirname "$0")/lib/common.bash"

KEYS='problem algo params N d M instances instances_file seed data utility_mean
      utility_ci95 utility_median utility_p25 utility_p75 opt_utility_mean
      remaining_fraction_mean budget_exceeded seconds steps_per_second opt_seconds'
N=10
K=40

# 1. oco list: the oobc algorithms and problems, text and JSON; the help texts.
"$OCO" list --json >"$TMP/list.json"
"$PY" - "$TMP/list.json" >"$TMP/algos" <<'PYEOF'
import json, sys
L = json.load(open(sys.argv[1]))
oobc = [a["name"] for a in L["algorithms"] if a["protocol"] == "oobc"]
for n in ("laau", "rl", "equal", "avg-lt", "dgd", "mw", "cr-pursuit"):
    assert n in oobc, (n, oobc)
probs = {p["name"]: p for p in L["problems"] if p["protocol"] == "oobc"}
for n in ("fairness", "multi-budget"):
    assert probs[n]["kind"] == "generator" and "oco run oobc" in probs[n]["usage"], n
assert probs["oobc-csv"]["kind"] == "file"
print(" ".join(oobc))
PYEOF
ALGOS="$(cat "$TMP/algos") opt"
"$OCO" list >"$TMP/list.txt"
grep -q '^algorithms (protocol oobc' "$TMP/list.txt" || fail "oco list: no oobc algorithms heading"
grep -q '^problems (protocol oobc' "$TMP/list.txt" || fail "oco list: no oobc problems heading"
grep -Eq '^  multi-budget ' "$TMP/list.txt" || fail "oco list: no multi-budget problem"
run_grep -q 'oco run oobc --algo NAME' :: "$OCO" run --help || fail "oco run --help lacks oobc"
run_grep -q '^  train ' :: "$OCO" --help || fail "oco --help lacks train"
run_grep -q 'round(5E/8)' :: "$OCO" train --help || fail "oco train --help"

# 2. Training: tiny laau and rl models, progress on stderr, summary on stdout.
"$OCO" train laau --problem fairness --N $N --train 200 --val 50 --epochs 3 --seed 1 \
  --progress --model "$TMP/laau.json" >"$TMP/train.out" 2>"$TMP/train.err"
[[ $(grep -c '^epoch [0-9]*/3 ' "$TMP/train.err") -eq 3 ]] || fail "progress lines: $(cat "$TMP/train.err")"
grep -q "^model .*laau.json" "$TMP/train.out" || fail "train summary: $(cat "$TMP/train.out")"
grep -q "^best .*validation utility" "$TMP/train.out" || fail "train summary lacks best"
grep -q "synthetic" "$TMP/train.out" || fail "train summary lacks the data label"
[[ -s "$TMP/laau.json" && ! -e "$TMP/laau.json.tmp" ]] || fail "model file"
json_get "$TMP/laau.json" 'd["kind"] == "laau" and d["N"] == 10 and d["problem"] == "fairness"' \
  >"$TMP/v"; [[ $(cat "$TMP/v") == True ]] || fail "model kind/N/problem"
"$OCO" train rl --problem fairness --N $N --train 100 --val 20 --epochs 2 \
  --model "$TMP/rl.json" >/dev/null
# the same options give the same model (seeded)
"$OCO" train laau --problem fairness --N $N --train 200 --val 50 --epochs 3 --seed 1 \
  --model "$TMP/laau2.json" >/dev/null
[[ "$(json_get "$TMP/laau.json" 'd["weights"]')" == "$(json_get "$TMP/laau2.json" 'd["weights"]')" ]] \
  || fail "training is not deterministic"

# 2b. The network's options: one hidden layer of 5 relu units, exp output map; the file
#     records them and laau plays it within the budget (budget_exceeded 0, <= OPT).
"$OCO" train laau --problem fairness --N $N --train 100 --val 20 --epochs 2 --hidden 5 \
  --activation relu --output exp --model "$TMP/laau_exp.json" >"$TMP/train_exp.out"
grep -q '^network     hidden 5, relu, output exp$' "$TMP/train_exp.out" \
  || fail "train summary lacks the network: $(cat "$TMP/train_exp.out")"
[[ $(json_get "$TMP/laau_exp.json" 'd["layers"] == [3, 5, 1] and d["activation"] == "relu" and d["output"] == "exp"') \
  == True ]] || fail "model file of --hidden 5 --activation relu --output exp"
[[ $(json_get "$TMP/laau.json" 'd["layers"] == [3, 10, 10, 1] and d["activation"] == "tanh" and d["output"] == "softplus"') \
  == True ]] || fail "default network is not 10,10 tanh softplus"
[[ $(json_get "$TMP/rl.json" 'd["output"]') == sigmoid ]] || fail "rl output map"
"$OCO" run oobc --algo laau --model "$TMP/laau_exp.json" --problem fairness --N $N \
  --instances $K --seed 2 --json >"$TMP/r_exp.json" || fail "run laau with the exp model"
[[ $(json_get "$TMP/r_exp.json" 'd["budget_exceeded"] == 0 and d["utility_mean"] <= d["opt_utility_mean"] + 1e-9 and d["utility_mean"] > 0') \
  == True ]] || fail "laau exp run: $(cat "$TMP/r_exp.json")"
"$OCO" train laau --problem fairness --N $N --train 50 --val 0 --epochs 1 --hidden 4,3,2 \
  --activation sigmoid --model "$TMP/laau_432.json" >/dev/null
[[ $(json_get "$TMP/laau_432.json" 'd["layers"] == [3, 4, 3, 2, 1] and d["activation"] == "sigmoid"') \
  == True ]] || fail "--hidden 4,3,2"
TR=("$OCO" train laau --problem fairness --N 5 --model "$TMP/bad_net.json")
expect_fail 2 "--hidden.*at least 1" -- "${TR[@]}" --hidden 0
expect_fail 2 "--hidden.*more than 8" -- "${TR[@]}" --hidden 1,2,3,4,5,6,7,8,9
expect_fail 2 "--hidden.*'a'" -- "${TR[@]}" --hidden a
expect_fail 2 "--hidden" -- "${TR[@]}" --hidden 5,
expect_fail 2 "--activation.*elu" -- "${TR[@]}" --activation elu
expect_fail 2 "--output.*unknown output map 'cube'" -- "${TR[@]}" --output cube
expect_fail 2 "--output.*'sigmoid'.*laau" -- "${TR[@]}" --output sigmoid
expect_fail 2 "--output.*'exp'.*rl" -- "$OCO" train rl --problem fairness --N 5 --output exp \
  --model "$TMP/bad_net.json"
[[ ! -e "$TMP/bad_net.json" ]] || fail "a bad network option wrote a model"

# 3. Every algorithm: keys, budget_exceeded 0, never above OPT, quartiles ordered.
for a in $ALGOS; do
  extra=()
  [[ $a == laau ]] && extra=(--model "$TMP/laau.json")
  [[ $a == rl ]] && extra=(--model "$TMP/rl.json")
  "$OCO" run oobc --algo $a --problem fairness --N $N --instances $K --seed 2 "${extra[@]}" \
    --json >"$TMP/r_$a.json" || fail "run $a"
  "$PY" - "$TMP/r_$a.json" "$a" $N $K $KEYS <<'PYEOF' || fail "run $a: $(cat "$TMP/r_$a.json")"
import json, sys, math
d = json.load(open(sys.argv[1])); a = sys.argv[2]; N = int(sys.argv[3]); K = int(sys.argv[4])
for k in sys.argv[5:]:
    assert k in d, k
assert d["problem"] == "fairness" and d["algo"] == a and d["N"] == N and d["instances"] == K
assert d["budget_exceeded"] == 0
assert "synthetic" in d["data"]
u, o = d["utility_mean"], d["opt_utility_mean"]
assert math.isfinite(u) and math.isfinite(o)
assert u <= o + 1e-9 * abs(o), (u, o)
assert d["utility_p25"] <= d["utility_median"] <= d["utility_p75"]
assert d["utility_ci95"] >= 0 and d["seconds"] >= 0 and d["steps_per_second"] > 0
assert -1e-9 <= d["remaining_fraction_mean"] <= 1  # rounding: B - sum g
if a == "opt":
    assert abs(u - o) <= 1e-12 * abs(o)
if a in ("laau", "rl"):
    assert d["model"].endswith(a + ".json")
PYEOF
done

# 4. Decisions and instances of a laau run, checked independently: K rows of N columns,
#    x in [1, 40], sum x <= B, and the utility mean (1/N) sum c log x recomputed.
"$OCO" run oobc --algo laau --model "$TMP/laau.json" --problem fairness --N $N \
  --instances $K --seed 2 --decisions "$TMP/dec.csv" --save-instances "$TMP/inst.csv" \
  --json >"$TMP/d.json"
"$PY" - "$TMP/dec.csv" "$TMP/inst.csv" "$TMP/d.json" $N $K <<'PYEOF' || fail "decisions check"
import json, sys, math
dec = [l.strip().split(",") for l in open(sys.argv[1]) if l.strip()]
lines = open(sys.argv[2]).read().split("\n")
hdr = lines[0].split(",")
inst = [list(map(float, l.split(","))) for l in lines[1:] if l.strip()]
d = json.load(open(sys.argv[3])); N = int(sys.argv[4]); K = int(sys.argv[5])
assert hdr == ["B"] + ["c%d" % (t + 1) for t in range(N)], hdr
assert len(dec) == K and len(inst) == K
us = []
for row, e in zip(dec, inst):
    assert len(row) == N
    x = list(map(float, row)); B, c = e[0], e[1:]
    assert all(1 <= v <= 40 for v in x), x
    assert sum(x) <= B * (1 + 1e-9), (sum(x), B)
    us.append(sum(ci * math.log(xi) for ci, xi in zip(c, x)) / N)
m = sum(us) / K
assert abs(m - d["utility_mean"]) <= 1e-9 * max(1, abs(m)), (m, d["utility_mean"])
PYEOF

# 5. Round trip: the saved instances give the same utility_mean.
for a in laau opt; do
  extra=()
  [[ $a == laau ]] && extra=(--model "$TMP/laau.json")
  "$OCO" run oobc --algo $a --problem fairness --N $N --instances $K --seed 2 "${extra[@]}" \
    --save-instances "$TMP/rt.csv" --json >"$TMP/rt1.json"
  "$OCO" run oobc --algo $a --problem fairness --instances-file "$TMP/rt.csv" "${extra[@]}" \
    --json >"$TMP/rt2.json"
  u1=$(json_get "$TMP/rt1.json" 'repr(d["utility_mean"])')
  u2=$(json_get "$TMP/rt2.json" 'repr(d["utility_mean"])')
  [[ "$u1" == "$u2" ]] || fail "round trip $a: $u1 != $u2"
done
# text output
run_grep -q '^exceeded    0 episodes' :: "$OCO" run oobc --algo opt --problem fairness \
  --N $N --instances 5 || fail "text summary"

# 6. multi-budget (M = 2, d = 2): every policy without a model and opt stay within both
#    budgets; rl is refused (laau on multi-budget: cli_oobc_multi.sh).
for a in $ALGOS; do
  [[ $a == laau || $a == rl || $a == cr-pursuit ]] && continue
  "$OCO" run oobc --algo $a --problem multi-budget --d 2 --N 4 --instances 10 \
    --json >"$TMP/mb_$a.json" || fail "multi-budget run $a"
  [[ $(json_get "$TMP/mb_$a.json" 'd["budget_exceeded"] == 0 and d["M"] == 2 and d["d"] == 2 and d["utility_mean"] <= d["opt_utility_mean"] + 1e-9') \
    == True ]] || fail "multi-budget run $a: $(cat "$TMP/mb_$a.json")"
done
expect_fail 2 "defined for one resource" -- "$OCO" run oobc --algo cr-pursuit \
  --problem multi-budget --N 4 --instances 3
expect_fail 2 "rl is defined for one resource" -- "$OCO" train rl --problem multi-budget \
  --N 4 --model "$TMP/nope.json"
[[ ! -e "$TMP/nope.json" ]] || fail "rl multi-budget wrote a model"

# 7. Bad inputs: non-zero exit, one message, no output file.
OUT=(--decisions "$TMP/bad_dec.csv" --save-instances "$TMP/bad_inst.csv")
no_output() {
  for f in "$TMP/bad_dec.csv" "$TMP/bad_inst.csv" "$TMP/bad_dec.csv.tmp" "$TMP/bad_inst.csv.tmp"; do
    [[ ! -e "$f" ]] || fail "output file left behind: $f ($1)"
  done
}
RUN=("$OCO" run oobc --problem fairness)
expect_fail 2 "--N" -- "${RUN[@]}" --algo opt --N 0 --instances 3 "${OUT[@]}"; no_output N0
expect_fail 2 "--instances" -- "${RUN[@]}" --algo opt --N 5 --instances 0 "${OUT[@]}"; no_output K0
expect_fail 2 "unknown oobc algorithm" -- "${RUN[@]}" --algo nope --N 5 --instances 3
expect_fail 2 "needs --model" -- "${RUN[@]}" --algo laau --N $N --instances 3 "${OUT[@]}"
no_output nomodel
expect_fail 2 "either --instances" -- "${RUN[@]}" --algo opt --N 5 --instances 3 \
  --instances-file "$TMP/rt.csv"
printf 'B,c1,c2\n30,0.5,0.5\n0,0.5,0.5\n' >"$TMP/b0.csv"
expect_fail 1 "b0.csv" -- "${RUN[@]}" --algo opt --instances-file "$TMP/b0.csv" "${OUT[@]}"
no_output budget0
printf 'B,c1,c2\n30,0.5,0.5\n-4,0.5,0.5\n' >"$TMP/bneg.csv"
expect_fail 1 "bneg.csv" -- "${RUN[@]}" --algo opt --instances-file "$TMP/bneg.csv" "${OUT[@]}"
no_output budgetneg
printf 'B,c1,c2\n30,0.5,0.5\n30,0.5,0.5,0.1\n' >"$TMP/cols.csv"
expect_fail 1 "cols.csv:3:[0-9]+" -- "${RUN[@]}" --algo opt --instances-file "$TMP/cols.csv" \
  "${OUT[@]}"; no_output cols
printf 'B,c1,c2\n30,0.5,0.5\n30,nan,0.5\n' >"$TMP/nan.csv"
expect_fail 1 "nan.csv:3:[0-9]+" -- "${RUN[@]}" --algo opt --instances-file "$TMP/nan.csv" \
  "${OUT[@]}"; no_output nan
printf 'B,c1,c2\n30,0.5,inf\n' >"$TMP/inf.csv"
expect_fail 1 "inf.csv:2:[0-9]+" -- "${RUN[@]}" --algo opt --instances-file "$TMP/inf.csv" \
  "${OUT[@]}"; no_output inf
printf 'B,c1,c2\n30,0.5,0.5\n' >"$TMP/n2.csv"
expect_fail 1 "N = 2" -- "${RUN[@]}" --algo opt --N 5 --instances-file "$TMP/n2.csv" "${OUT[@]}"
no_output mismatchN
# models: another kind, another N, another version, corrupted, truncated
expect_fail 1 "model of kind rl" -- "${RUN[@]}" --algo laau --model "$TMP/rl.json" --N $N \
  --instances 3 "${OUT[@]}"; no_output kind
expect_fail 1 "N = 10" -- "${RUN[@]}" --algo laau --model "$TMP/laau.json" --N 12 \
  --instances 3 "${OUT[@]}"; no_output modelN
sed 's/"version": *1/"version": 99/' "$TMP/laau.json" >"$TMP/v99.json"
cmp -s "$TMP/laau.json" "$TMP/v99.json" && fail "version edit did not apply"
expect_fail 1 "version" -- "${RUN[@]}" --algo laau --model "$TMP/v99.json" --N $N \
  --instances 3 "${OUT[@]}"; no_output version
"$PY" - "$TMP/laau.json" "$TMP/corrupt.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
d["weights"][3] = d["weights"][3] * 1.5 + 0.25
json.dump(d, open(sys.argv[2], "w"))
PYEOF
expect_fail 1 "corrupt.json" -- "${RUN[@]}" --algo laau --model "$TMP/corrupt.json" --N $N \
  --instances 3 "${OUT[@]}"; no_output corrupt
head -c 200 "$TMP/laau.json" >"$TMP/trunc.json"
expect_fail 1 "trunc.json" -- "${RUN[@]}" --algo laau --model "$TMP/trunc.json" --N $N \
  --instances 3 "${OUT[@]}"; no_output trunc
expect_fail 2 "does not apply to opt" -- "${RUN[@]}" --algo opt --model "$TMP/laau.json" --N $N \
  --instances 3
# train usage errors
expect_fail 2 "missing --model" -- "$OCO" train laau --problem fairness --N 5
expect_fail 2 "unknown model kind" -- "$OCO" train lstm --problem fairness --N 5 --model x
expect_fail 2 "--N" -- "$OCO" train laau --problem fairness --N 0 --model "$TMP/n0.json"
expect_fail 1 "holds 1 episodes" -- "$OCO" train laau --problem fairness --N 2 \
  --data "$TMP/n2.csv" --train 5 --val 1 --model "$TMP/short.json"
[[ ! -e "$TMP/n0.json" && ! -e "$TMP/short.json" ]] || fail "a failed train wrote a model"
expect_fail 2 "not available" -- "$OCO" stream oobc --algo laau
echo ok
