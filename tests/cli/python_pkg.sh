#!/usr/bin/env bash
# The Python package python/oco (ctypes over liboco.so) and its pytest suite,
# run with Debian's python3 against this build's shared library and CLI.
set -euo pipefail
: "${OCO:?}" "${OCO_SRC:?}" "${OCO_BUILD:?}"
# A sanitizer build's liboco.so needs the ASan runtime loaded first: a plain
# python cannot dlopen it. Its library is the same code as the Release one.
if [[ "${OCO_EXTRA_CFLAGS:-}" == *fsanitize* ]]; then
  echo "SKIP: sanitizer build (OCO_EXTRA_CFLAGS=$OCO_EXTRA_CFLAGS): ctypes cannot load an ASan liboco.so into python"
  exit 0
fi
if [[ ! -e "$OCO_BUILD/liboco.so" ]]; then
  echo "SKIP: $OCO_BUILD/liboco.so not built (static-only build)"
  exit 0
fi
PY=/usr/bin/python3
# numpy and pytest are required (scripts/install-deps installs them): fail, not skip.
"$PY" -c 'import numpy, pytest' || { echo "FAIL: python3-numpy and python3-pytest are required (scripts/install-deps)"; exit 1; }
cd "$OCO_BUILD"
OCO_LIB="$OCO_BUILD/liboco.so" PYTHONPATH="$OCO_SRC/python" PYTHONDONTWRITEBYTECODE=1 \
  "$PY" -m pytest -q -p no:cacheprovider "$OCO_SRC/python/tests"
