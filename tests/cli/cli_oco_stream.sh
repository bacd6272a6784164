#!/usr/bin/env bash
# oco stream oco: x_1 at once, then one decision per gradient line, equal byte for
# byte to `oco run oco --gradients FILE --decisions` on the same gradients (several
# learners, including universal and the multi-gradient variant); bad lines get one
# error line naming them, no output, the state unchanged, exit 1 at EOF; the
# horizon; live flushing; usage errors (exit 2).
set -euo pipefail
source "$(dirname "$0")/lib/common.bash"

"$PY" - "$TMP/g.csv" "$TMP/gs.csv" <<'PYEOF'
import random, sys
random.seed(3)
with open(sys.argv[1], "w") as f:
    for t in range(300):
        f.write(",".join(repr(random.uniform(-1.5, 1.5)) for _ in range(3)) + "\n")
with open(sys.argv[2], "w") as f:  # small gradients for the simplex learners
    for t in range(300):
        f.write(",".join("%.5f" % random.uniform(0, 1) for _ in range(3)) + "\n")
PYEOF
T=300

# 1. stream == run on the same gradients: learners that need T (--horizon T: T lines out)
#    and anytime learners (with --horizon, and without: T + 1 lines, the first T equal to
#    `run --anytime`).
same() { # name, extra args...
  local a=$1; shift
  "$OCO" run oco --algo $a --gradients "$F" "$@" --decisions "$TMP/run.txt" >/dev/null
  "$OCO" stream oco --algo $a --d 3 --horizon $T "$@" <"$F" >"$TMP/stream.txt"
  cmp -s "$TMP/run.txt" "$TMP/stream.txt" || fail "stream != run for $a $*"
  [[ $(wc -l <"$TMP/stream.txt") -eq $T ]] || fail "$a: expected $T decisions"
}
F="$TMP/g.csv"
same universal
same universal --param preset=1 --G 3
same universal-multigrad
same adapt-ml-prod --G 2.6
same ogd --domain box:-1,2
same optimistic-ogd --G 2.6 --lambda 0.5
same ons --domain ball:2 --alpha 0.5
same optimistic-ons
same adagrad
F="$TMP/gs.csv"
same hedge --domain simplex
same optimistic-hedge --domain simplex
same msmwc --domain simplex
# The runs differ from each other (the comparison is not vacuous).
"$OCO" run oco --algo ogd --gradients "$TMP/g.csv" --decisions "$TMP/a.txt" >/dev/null
"$OCO" run oco --algo universal --gradients "$TMP/g.csv" --decisions "$TMP/b.txt" >/dev/null
! cmp -s "$TMP/a.txt" "$TMP/b.txt" || fail "ogd and universal play the same: weak test"
# Anytime without --horizon: T + 1 decisions; the first T are those of run --anytime.
for a in ogd hedge; do
  dom=ball:1; [[ $a == hedge ]] && dom=simplex
  F="$TMP/g.csv"; [[ $a == hedge ]] && F="$TMP/gs.csv"
  "$OCO" run oco --algo $a --gradients "$F" --domain $dom --anytime --decisions "$TMP/run.txt" >/dev/null
  "$OCO" stream oco --algo $a --d 3 --domain $dom <"$F" >"$TMP/stream.txt"
  [[ $(wc -l <"$TMP/stream.txt") -eq $((T + 1)) ]] || fail "$a anytime: expected $((T + 1)) decisions"
  head -n $T "$TMP/stream.txt" | cmp -s "$TMP/run.txt" - || fail "anytime stream != run --anytime ($a)"
done
# The output format: d numbers, %.17g (round-trips), first x_1 = the centre of the ball.
head -n 1 "$TMP/stream.txt" | grep -Eq '^[^,]+,[^,]+,[^,]+$' || fail "x_1 is not 3 comma-separated numbers"
run_grep -qx '0,0,0' :: "$OCO" stream oco --algo ogd --d 3 </dev/null || fail "ogd x_1 on ball:1 is not 0,0,0"

# 2. Bad lines (a word, a wrong dimension, NaN, Inf, too many fields) inserted among the
#    first 40 gradients: the output equals the stream without them; one error line each,
#    naming the line; exit 1. An empty line is skipped silently.
head -n 40 "$TMP/g.csv" >"$TMP/g40"
"$PY" - "$TMP/g40" "$TMP/bad.in" <<'PYEOF'
import sys
good = open(sys.argv[1]).read().splitlines()
bad = {4: "0.5,abc,1", 9: "0.5,1", 10: "nan,1,1", 15: "1,inf,1", 21: "1,2,3,4"}
out, g, n = [], iter(good), 1
while True:
    if n in bad:
        out.append(bad[n])
    elif n == 30:
        out.append("")
    else:
        try:
            out.append(next(g))
        except StopIteration:
            break
    n += 1
open(sys.argv[2], "w").write("\n".join(out) + "\n")
PYEOF
for a in universal ogd; do
  "$OCO" stream oco --algo $a --d 3 --horizon 100 <"$TMP/g40" >"$TMP/good.out"
  rc=0
  "$OCO" stream oco --algo $a --d 3 --horizon 100 <"$TMP/bad.in" >"$TMP/bad.out" 2>"$TMP/bad.err" || rc=$?
  [[ $rc -eq 1 ]] || fail "$a: stream with bad lines exited $rc, expected 1"
  cmp -s "$TMP/good.out" "$TMP/bad.out" || fail "$a: a bad line changed the decisions"
  [[ $(wc -l <"$TMP/good.out") -eq 41 ]] || fail "$a: expected 41 decisions"
  [[ $(wc -l <"$TMP/bad.err") -eq 5 ]] || fail "$a: expected 5 error lines: $(cat "$TMP/bad.err")"
  for n in 4 9 10 15 21; do
    grep -Eq "^oco: <stdin>:$n:[0-9]+: .*line $n rejected, state unchanged" "$TMP/bad.err" \
      || fail "$a: no error naming line $n: $(cat "$TMP/bad.err")"
  done
done
grep -q '<stdin>:10:1: .*not finite' "$TMP/bad.err" || fail "NaN error: $(cat "$TMP/bad.err")"
grep -q '<stdin>:9:[0-9]*: .*3 fields, found 2' "$TMP/bad.err" || fail "dimension error: $(cat "$TMP/bad.err")"

# 3. The horizon: T = 3 gives x_1, x_2, x_3; the 3rd gradient is the last, the 4th and
#    5th lines are rejected (exit 1).
head -n 5 "$TMP/g.csv" | "$OCO" stream oco --algo universal --d 3 --horizon 3 >"$TMP/h.out" 2>"$TMP/h.err" \
  && fail "horizon overrun must exit 1"
[[ $(wc -l <"$TMP/h.out") -eq 3 ]] || fail "horizon: expected 3 decisions"
grep -q '<stdin>:4: horizon T = 3 already reached' "$TMP/h.err" && grep -q '<stdin>:5:.*horizon' "$TMP/h.err" \
  || fail "horizon errors: $(cat "$TMP/h.err")"
head -n 3 "$TMP/g.csv" | "$OCO" stream oco --algo universal --d 3 --horizon 3 >/dev/null || fail "exactly T lines must exit 0"

# 4. Live: x_1 comes before any input, each answer before the next line is read.
mkfifo "$TMP/in"
"$OCO" stream oco --algo universal --d 3 --horizon 10 <"$TMP/in" >"$TMP/live.out" &
pid=$!
exec 4>"$TMP/in"
for _ in $(seq 200); do [[ -s "$TMP/live.out" ]] && break; sleep 0.05; done
[[ $(wc -l <"$TMP/live.out") -eq 1 ]] || fail "x_1 not printed at once"
head -n 1 "$TMP/g.csv" >&4
for _ in $(seq 200); do [[ $(wc -l <"$TMP/live.out") -ge 2 ]] && break; sleep 0.05; done
[[ $(wc -l <"$TMP/live.out") -eq 2 ]] || fail "no decision within 10 s of the first gradient (not flushed?)"
exec 4>&-
wait $pid || fail "live stream exited non-zero"

# 5. Usage errors: one line, exit 2.
S=("$OCO" stream oco)
expect_fail 2 "universal needs the horizon: add --horizon T" -- "${S[@]}" --algo universal --d 2
expect_fail 2 "missing --d D" -- "${S[@]}" --algo ogd
expect_fail 2 "--d must be at least 1" -- "${S[@]}" --algo ogd --d 0
expect_fail 2 "--horizon must be at least 1" -- "${S[@]}" --algo ogd --d 2 --horizon 0
expect_fail 2 "--G must be > 0" -- "${S[@]}" --algo ogd --d 2 --G 0
expect_fail 2 "--G must be > 0" -- "${S[@]}" --algo ogd --d 2 --G -1
expect_fail 2 "--D must be > 0" -- "${S[@]}" --algo ogd --d 2 --D 0
expect_fail 2 "--lambda must be >= 0" -- "${S[@]}" --algo ogd --d 2 --lambda -1
expect_fail 2 "empty box" -- "${S[@]}" --algo ogd --d 2 --domain box:2,1
expect_fail 2 "radius R must be" -- "${S[@]}" --algo ogd --d 2 --domain ball:0
expect_fail 2 "unknown domain" -- "${S[@]}" --algo ogd --d 2 --domain cube
expect_fail 2 "unknown oco algorithm 'nope'" -- "${S[@]}" --algo nope --d 2
expect_fail 2 "missing --algo" -- "${S[@]}" --d 2
expect_fail 2 "unknown parameter 'zz'" -- "${S[@]}" --algo ogd --d 2 --param zz=1
expect_fail 2 "hedge plays on the probability simplex" -- "${S[@]}" --algo hedge --d 2
expect_fail 2 "unknown option '--budget' for 'oco stream oco'" -- "${S[@]}" --algo ogd --d 2 --budget 1
run_grep -q '^usage: oco stream oco' :: "$OCO" stream oco --help || fail "stream oco --help"
echo ok
