#!/usr/bin/env bash
# `oco reproduce` across MPI ranks (mpirun, or --mpi): the same set of files as
# the single-process run with the same options, the same CSV bytes and the same
# REPORT.md sections once the timing columns, durations and header (machine,
# date, command) are set aside; the header says how many ranks ran it; every
# experiment's summary line, from the rank the round-robin rule names; no
# temporary directory left; --mpi without mpirun is the usual run; an
# experiment that cannot run is a "Not run: error." section and exit 1.
# Without MPI built, --mpi and mpirun are refused (exit 2).
set -euo pipefail
source "$(dirname "$0")/lib/common.bash"
cd "$TMP"

"$OCO" reproduce --help >help.txt
grep -q -- '--mpi' help.txt || fail "--help does not document --mpi"
if ! grep -q 'built with Open MPI: yes' help.txt; then
  expect_fail 2 'built without MPI' -- "$OCO" reproduce olp-alg1 --mpi --out x
  OMPI_COMM_WORLD_SIZE=2 expect_fail 2 'built without MPI' -- "$OCO" reproduce olp-alg1 --out x
  echo "SKIP: this oco is built without MPI (only its refusals were tested)"
  exit 0
fi
if ! command -v mpirun >/dev/null 2>&1; then
  echo "SKIP: mpirun not found: the MPI reproduction is not tested"
  exit 0
fi
root=(); [[ $(id -u) -eq 0 ]] && root=(--allow-run-as-root)
# Open MPI never frees what MPI_Init allocates: no leak report under ASan.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

# Every experiment, on its smallest setting (T <= 100, 2 seeds: a few seconds).
OPTS=(--quick --T-max 100 --seeds 2)
"$OCO" reproduce all "${OPTS[@]}" --out B 2>B.err
mkdir tmpd
mpirun "${root[@]}" --oversubscribe -np 2 -x TMPDIR="$TMP/tmpd" \
  "$OCO" reproduce all "${OPTS[@]}" --out A --progress >A.out 2>A.err || fail "mpirun -np 2: $(cat A.err)"
"$OCO" reproduce all "${OPTS[@]}" --out C --mpi 2>C.err || fail "--mpi without mpirun: $(cat C.err)"

# The comparison, written from the files themselves: CSV columns named
# seconds, *_seconds or *_per_second hold times; in REPORT.md (from the first
# section on), the table columns headed time, seconds, s/run or "... s", and
# durations "N s" in the text.
cat >cmp.py <<'PYEOF'
import csv, os, re, sys
a, b = sys.argv[1], sys.argv[2]
TIMING_COL = re.compile(r"^(seconds|.*_seconds|.*_per_second)$")
TIMING_HEAD = re.compile(r"^(time|seconds|s/run)$| s$")
DURATION = re.compile(r"\b[0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)? s\b")

def files(root):
    return sorted(os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs)

def csv_rows(path):
    rows = list(csv.reader(open(path, newline="")))
    keep = [i for i, h in enumerate(rows[0]) if not TIMING_COL.match(h)]
    return [[r[i] if i < len(r) else None for i in keep] for r in rows], len(rows[0]) - len(keep)

def body(path):
    text = open(path, encoding="utf-8").read()
    out, head, blanked = [], None, 0
    for line in text[text.index("\n## ") + 1:].split("\n"):
        if line.startswith("|"):
            cells = line.split(" | ")
            if head is None:
                head = [bool(TIMING_HEAD.search(c.strip(" |"))) for c in cells]
            elif len(cells) == len(head):
                blanked += sum(head)
                cells = ["<t>" if t else c for c, t in zip(cells, head)]
            line = " | ".join(cells)
        else:
            head = None
        out.append(DURATION.sub("<t> s", line))
    return out, blanked

fa, fb = files(a), files(b)
assert fa == fb, ("not the same files", sorted(set(fa) ^ set(fb)))
ncsv = ncol = 0
for f in fa:
    pa, pb = os.path.join(a, f), os.path.join(b, f)
    if f.endswith(".csv"):
        (ra, da), (rb, _) = csv_rows(pa), csv_rows(pb)
        assert ra == rb, ("CSV differs", f)
        ncsv += 1
        ncol += da
    elif f == "REPORT.md":
        (ba, cells), (bb, _) = body(pa), body(pb)
        for x, y in zip(ba, bb):
            assert x == y, ("REPORT.md differs", x, y)
        assert len(ba) == len(bb), ("REPORT.md lengths", len(ba), len(bb))
        # What is set aside stays a small part of the report.
        assert len(ba) > 300 and cells < 300, (len(ba), cells)
    elif not f.endswith(".log"):  # gnuplot's log aside: PNG, .gp
        assert open(pa, "rb").read() == open(pb, "rb").read(), ("differs", f)
assert ncsv >= 40 and ncol < 60, (ncsv, ncol)
print("%d files (%d CSV, %d timing columns set aside)" % (len(fa), ncsv, ncol))
PYEOF
"$PY" cmp.py A B >cmp.out || fail "mpirun -np 2 and the single-process run differ"
"$PY" cmp.py C B >cmp.out || fail "--mpi without mpirun and the single-process run differ"
# The comparison can fail: a changed value in a CSV is seen.
cp -r B D
sed -i '2s/,1,/,7,/' D/olp-alg1/raw.csv
"$PY" cmp.py D B >cmp.out 2>&1 && fail "cmp.py did not see a changed CSV"
rm -rf D

# The header: the command, the number of ranks and which rank ran what.
R=A/REPORT.md
grep -q '^- command: `oco reproduce all --quick --out A --seeds 2 --T-max 100` on 2 MPI ranks$' "$R" ||
  fail "header: no command line with the ranks: $(head -n 9 "$R")"
grep -q '^- MPI: 2 ranks, the k-th experiment on rank k mod 2 .*: olp-alg1 on rank 0 (.*), olp on rank 1 (' "$R" ||
  fail "header: no assignment line"
head -n 7 "$R" | grep -q '^- machine: ' || fail "header: no machine line"
# --mpi alone: one rank, the header of a single-process run.
grep -q '^- command: `oco reproduce all --quick --out C --seeds 2 --T-max 100`$' C/REPORT.md ||
  fail "--mpi with one rank: not the single-process header"

# Each experiment's summary line: the single-process counts, from rank k mod 2.
"$OCO" reproduce --list >list.txt
k=0
for e in $(awk '{print $1}' list.txt); do
  want=$(grep -E "^oco: $e: [0-9]+ of [0-9]+ claims PASS" B.err | sed -E 's/ \(.*//')
  [[ -n "$want" ]] || fail "single-process run: no summary of $e"
  grep -qE "^${want} \([0-9.]+ s, rank $((k % 2))\); see A/REPORT.md$" A.err ||
    fail "no summary '$want' from rank $((k % 2)): $(cat A.err)"
  k=$((k + 1))
done
[[ $k -eq 7 ]] || fail "expected 7 experiments, --list has $k"
grep -q "$(grep '^oco: reproduce all:' B.err | sed 's/report B/report A/')" A.err || fail "no final line"
grep -q 'reproduce: 7/7' A.err || fail "no progress line (done/total experiments): $(cat A.err)"
[[ -z "$(ls tmpd)" ]] || fail "temporary directories left: $(ls tmpd)"

# One experiment on 3 ranks: the two idle ranks change nothing.
mpirun "${root[@]}" --oversubscribe -np 3 "$OCO" reproduce olp-alg1 "${OPTS[@]}" --out E \
  >E.out 2>E.err || fail "mpirun -np 3 olp-alg1: $(cat E.err)"
for f in B/olp-alg1/*.csv; do
  cmp -s "$f" "E/olp-alg1/$(basename "$f")" || [[ $f == */raw.csv ]] || fail "olp-alg1 on 3 ranks: $f differs"
done
[[ $(grep -c '^## ' E/REPORT.md) -eq 1 ]] || fail "olp-alg1 alone: not one section"

# An experiment that cannot run (its rank's TMPDIR is a file): a "Not run: error."
# section that says why, the message on stderr, exit 1; usage errors are
# rank 0's, printed once.
touch notadir
rc=0
mpirun "${root[@]}" --oversubscribe -np 2 -x TMPDIR="$TMP/notadir" \
  "$OCO" reproduce all "${OPTS[@]}" --out F >F.out 2>F.err || rc=$?
[[ $rc -ne 0 ]] || fail "a failed experiment must exit non-zero"
[[ $(grep -c '^\*\*Not run: error.\*\* cannot create a temporary directory in .*notadir' F/REPORT.md) -eq 7 ]] ||
  fail "not 7 'Not run' sections: $(grep -A2 '^## ' F/REPORT.md)"
grep -q "^oco: reproduce olp: cannot create a temporary directory" F.err || fail "no error line: $(cat F.err)"
rc=0
mpirun "${root[@]}" --oversubscribe -np 2 "$OCO" reproduce nope --out G >G.out 2>G.err || rc=$?
[[ $rc -ne 0 ]] || fail "an unknown experiment under mpirun must fail"
[[ $(grep -c "^oco: unknown experiment 'nope'" G.err) -eq 1 ]] || fail "usage error not printed once: $(cat G.err)"
echo ok
