"""Every ctypes mirror has the size and field offsets of its C struct: a C
program compiled against the real headers prints them (skipped without a C
compiler or the headers)."""
import ctypes
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from oco import _lib

SRC = Path(__file__).resolve().parents[2]


def _include_dirs():
    dirs = [SRC / "include"]
    build = Path(_lib.library_path).resolve().parent / "include"
    dirs.append(build)
    return dirs


def _program(structs) -> str:
    lines = ["#include <stddef.h>", "#include <stdio.h>", '#include "oco/oco.h"',
             '#include "oco/bwk.h"', '#include "oco/bwk_problem.h"', '#include "oco/bwk_runner.h"',
             '#include "oco/coco_runner.h"', '#include "oco/oobc_model.h"',
             '#include "oco/oobc_problem.h"', '#include "oco/oobc_runner.h"',
             '#include "oco/oco_runner.h"', '#include "oco/runner.h"', '#include "oco/hindsight.h"',
             "int main(void) {"]
    for cname, py in structs.items():
        lines.append(f'    printf("{cname} sizeof %zu\\n", sizeof({cname}));')
        for f in py._fields_:
            lines.append(f'    printf("{cname} {f[0]} %zu\\n", offsetof({cname}, {f[0]}));')
    lines += ["    return 0;", "}"]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def c_layout(tmp_path_factory):
    cc = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
    if not cc or not shutil.which(cc.split()[0]) and not os.path.exists(cc):
        pytest.skip("no C compiler")
    inc = _include_dirs()
    if not (inc[1] / "oco" / "version.h").exists():
        pytest.skip("build/include/oco/version.h not found next to the library")
    d = tmp_path_factory.mktemp("layout")
    src = d / "layout.c"
    structs = dict(_lib.STRUCTS)
    structs.update(_lib.PARTIAL_STRUCTS)
    src.write_text(_program(structs))
    exe = d / "layout"
    # Plain compile without sanitizer flags: only sizes and offsets are read.
    subprocess.run([cc, "-std=c11", *[f"-I{p}" for p in inc], str(src), "-o", str(exe)],
                   check=True, capture_output=True)
    out = subprocess.run([str(exe)], check=True, capture_output=True, text=True).stdout
    table = {}
    for line in out.splitlines():
        cname, field, value = line.split()
        table[(cname, field)] = int(value)
    return table


@pytest.mark.parametrize("cname", sorted(_lib.STRUCTS))
def test_struct_matches_c(c_layout, cname):
    py = _lib.STRUCTS[cname]
    assert ctypes.sizeof(py) == c_layout[(cname, "sizeof")], cname
    for f in py._fields_:
        assert getattr(py, f[0]).offset == c_layout[(cname, f[0])], (cname, f[0])


def test_partial_vtable_head_matches_c(c_layout):
    for cname, py in _lib.PARTIAL_STRUCTS.items():
        for f in py._fields_:
            assert getattr(py, f[0]).offset == c_layout[(cname, f[0])], (cname, f[0])
