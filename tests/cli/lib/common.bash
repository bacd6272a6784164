# Shared helpers of the CLI tests (sourced; not a test itself: CTest globs
# tests/cli/*.sh only). Env from CTest: OCO (binary), OCO_SRC, OCO_BUILD,
# OCO_TEST_DATA.
: "${OCO:?OCO must point to the oco binary}"
: "${OCO_TEST_DATA:=${OCO_SRC:-.}/tests/data}"
# Prefer the system interpreter: version-manager shims add ~0.3 s per call.
if [[ -x /usr/bin/python3 ]]; then PY=/usr/bin/python3; else PY=$(command -v python3 || true); fi
[[ -n "$PY" ]] || { echo "python3 is needed to check JSON" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# expect_fail CODE PATTERN -- cmd...: the command must exit with CODE (or any
# non-zero if CODE is '*') and its stderr must match PATTERN (grep -E), as one
# line starting with "oco: ".
expect_fail() {
  local code=$1 pat=$2; shift 3
  local rc=0
  "$@" >"$TMP/out" 2>"$TMP/err" || rc=$?
  if [[ $rc -eq 0 ]]; then fail "expected failure: $*"; fi
  if [[ "$code" != '*' && $rc -ne $code ]]; then
    fail "expected exit $code, got $rc: $* ($(cat "$TMP/err"))"; fi
  grep -Eq -- "$pat" "$TMP/err" || fail "stderr of '$*' lacks /$pat/: $(cat "$TMP/err")"
  head -n1 "$TMP/err" | grep -q '^oco: ' || fail "stderr of '$*' does not start with 'oco: '"
  [[ $(wc -l <"$TMP/err") -eq 1 ]] || fail "stderr of '$*' is not one line: $(cat "$TMP/err")"
}

# json_get FILE EXPR: evaluate a Python expression on d = the parsed JSON.
json_get() { "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }

# run_grep GREP_ARGS... :: cmd...: run cmd with its output to a file, then grep
# the file. `cmd | grep -q` is flaky under pipefail: grep -q exits at the first
# match and the writer may die of SIGPIPE, failing the pipeline.
run_grep() {
  local a=()
  while [[ $# -gt 0 && $1 != :: ]]; do a+=("$1"); shift; done
  shift
  "$@" >"$TMP/run_grep" || return 1
  grep "${a[@]}" "$TMP/run_grep"
}
