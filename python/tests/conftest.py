"""Shared fixtures: the oco CLI of the same build as the library, run with --json."""
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import oco


def _cli() -> str:
    env = os.environ.get("OCO")
    if env:
        return env
    cand = Path(oco.library_path).resolve().parent / "oco"
    if cand.exists():
        return str(cand)
    found = shutil.which("oco")
    if found:
        return found
    pytest.skip("the oco CLI is not found (set OCO)")


@pytest.fixture(scope="session")
def cli():
    """cli(*args) -> the parsed JSON of `oco ARGS --json`."""
    exe = _cli()

    # The CLI is a program of its own: it does not inherit an LD_PRELOAD
    # (e.g. the ASan runtime preloaded to test the bindings against a
    # sanitized liboco.so, which a sanitized CLI links statically).
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}

    def run(*args, json_out=True):
        argv = [exe, *map(str, args)] + (["--json"] if json_out else [])
        p = subprocess.run(argv, capture_output=True, text=True, timeout=120, env=env)
        assert p.returncode == 0, f"{argv}: {p.stderr}"
        return json.loads(p.stdout) if json_out else p.stdout

    run.exe = exe
    return run
