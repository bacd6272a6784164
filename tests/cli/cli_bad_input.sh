#!/usr/bin/env bash
# Every bad input gives one line "oco: ..." naming the problem on stderr and a
# non-zero exit: 2 for usage errors (command line), 1 for bad data files.
set -euo pipefail
source "$(dirname "$0")/lib/common.bash"
A=dual-subgradient
D="$OCO_TEST_DATA"
run() { "$OCO" run olp --algo $A "$@"; }

# Malformed CSV: file:line:column from the library.
expect_fail 1 "cli_bad_word\.csv:3:5: .*'x1'" -- run --orders "$D/cli_bad_word.csv" --budget 1,1
expect_fail 1 "cli_bad_columns\.csv:3:[0-9]+: .*3 fields, found 2" -- run --orders "$D/cli_bad_columns.csv" --budget 1,1
expect_fail 1 "cli_bad_nan\.csv:4:1: .*not finite" -- run --orders "$D/cli_bad_nan.csv" --budget 1,1
expect_fail 1 "cli_bad_inf\.csv:2:5: .*not finite" -- run --orders "$D/cli_bad_inf.csv" --budget 1,1
expect_fail 1 "cli_empty\.csv.*no orders" -- run --orders "$D/cli_empty.csv" --budget 1,1
expect_fail 1 "budget has 1 entry .* m = 2" -- run --orders "$D/orders_small.csv" --budget 1
expect_fail 1 "no-such-file\.csv" -- run --orders "$TMP/no-such-file.csv" --budget 1,1

# Budgets: negative, missing, malformed, NaN/Inf.
expect_fail 2 "--budget: entry 2 is negative" -- run --orders "$D/orders_small.csv" --budget 1,-1
expect_fail 2 "--orders needs --budget" -- run --orders "$D/orders_small.csv"
expect_fail 2 "--budget: entry 2 .* missing" -- run --orders "$D/orders_small.csv" --budget 1,,
expect_fail 2 "--budget: entry 1 \('nan'\) is not a finite number" -- run --orders "$D/orders_small.csv" --budget nan,1
expect_fail 2 "--budget: entry 2 \('inf'\) is not a finite number" -- run --orders "$D/orders_small.csv" --budget 1,inf
expect_fail 2 "--budget: entry 1 \('1x'\)" -- run --orders "$D/orders_small.csv" --budget 1x,1
expect_fail 2 "--budget applies to --orders" -- run --gen 1 --m 1 --T 10 --budget 1

# Horizon, dimensions, seed, generator type: strict integers.
expect_fail 2 "--T must be at least 1" -- run --gen 1 --m 1 --T 0
expect_fail 2 "--m must be at least 1" -- run --gen 1 --m 0 --T 10
expect_fail 2 "--T: '10x' is not a non-negative integer" -- run --gen 1 --m 1 --T 10x
expect_fail 2 "--T: '1e3' is not" -- run --gen 1 --m 1 --T 1e3
expect_fail 2 "--seed: '-1' is not" -- run --gen 1 --m 1 --T 10 --seed -1
expect_fail 2 "--T: .* too large" -- run --gen 1 --m 1 --T 99999999999999999999999
expect_fail 2 "--gen: '11' is too large" -- run --gen 11 --m 1 --T 10
expect_fail 2 "--gen 4: .*m" -- run --gen 4 --m 2 --T 10
expect_fail 2 "--gen needs --m M and --T T" -- run --gen 1 --T 10
expect_fail 2 "either --gen or --orders" -- run --gen 1 --m 1 --T 10 --orders "$D/orders_small.csv"
expect_fail 2 "no instance" -- run

# Algorithm, parameters, options.
expect_fail 2 "unknown .*algorithm 'nope'.*dual-subgradient" -- "$OCO" run olp --algo nope --gen 1 --m 1 --T 10
expect_fail 2 "missing --algo" -- "$OCO" run olp --gen 1 --m 1 --T 10
expect_fail 2 "unknown parameter 'beta'.*alpha" -- run --gen 1 --m 1 --T 10 --param beta=1
expect_fail 2 "not of the form key=value" -- run --gen 1 --m 1 --T 10 --param alpha
expect_fail 2 "'alpha.*not a finite number" -- run --gen 1 --m 1 --T 10 --param alpha=nan
expect_fail 2 "alpha must be > 0" -- run --gen 1 --m 1 --T 10 --param alpha=-1
expect_fail 2 "unknown option '--frob'" -- run --gen 1 --m 1 --T 10 --frob
expect_fail 2 "option '--T' needs a value" -- run --gen 1 --m 1 --T
expect_fail 2 "unknown protocol 'lp'" -- "$OCO" run lp --algo $A
expect_fail 2 "missing protocol" -- "$OCO" run
expect_fail 2 "--opt: unknown method 'best'" -- run --gen 1 --m 1 --T 10 --opt best
expect_fail 1 "--decisions: cannot write" -- run --gen 1 --m 1 --T 10 --decisions "$TMP/no/dir/x.txt"

# reproduce.
expect_fail 2 "unknown experiment 'nope'.*olp-alg1" -- "$OCO" reproduce nope --out "$TMP/r"
expect_fail 2 "missing experiment name" -- "$OCO" reproduce --quick
expect_fail 2 "--seeds must be at least 2" -- "$OCO" reproduce olp-alg1 --seeds 1 --out "$TMP/r"
expect_fail 2 "--jobs: 'x' is not" -- "$OCO" reproduce olp-alg1 --jobs x --out "$TMP/r"
expect_fail 2 "unknown option '--fast'" -- "$OCO" reproduce olp-alg1 --fast
echo ok
