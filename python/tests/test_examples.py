"""The README's Python examples are python/examples/readme_example.py and
readme_state.py verbatim and run; python/examples/reproduce_fig.py
reproduces the olp-alg1 figure's numbers and agrees with the CLI."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import oco

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "python" / "examples"


def _env(cli):
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "python") + os.pathsep + env.get("PYTHONPATH", "")
    env["OCO_LIB"] = oco.library_path
    env["OCO"] = cli.exe
    return env


@pytest.mark.parametrize("name", ["readme_example.py", "readme_state.py"])
def test_readme_block_equals_example_file(name):
    readme = (ROOT / "README.md").read_text()
    m = re.search(r"<!-- example: python/examples/" + re.escape(name) +
                  r" -->\n```python\n(.*?)```\n", readme, re.S)
    assert m, f"README.md has no marked Python example {name}"
    assert m.group(1) == (EXAMPLES / name).read_text()


def test_readme_example_runs(cli):
    p = subprocess.run([sys.executable, str(EXAMPLES / "readme_example.py")], env=_env(cli),
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    want = cli("run", "olp", "--algo", "dual-subgradient", "--gen", 1, "--m", 2, "--T", 1000,
               "--seed", 7)
    out = p.stdout
    assert f"reward {want['reward']:.4f}" in out and f"opt {want['opt']:.4f}" in out
    assert "OCO_EINVAL" in out and "alpah" in out


def test_readme_state_example_resumes(cli):
    p = subprocess.run([sys.executable, str(EXAMPLES / "readme_state.py")], env=_env(cli),
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    assert "round 400 " in p.stdout and "same arms: True" in p.stdout, p.stdout


def test_reproduce_fig_agrees_with_cli(cli):
    p = subprocess.run([sys.executable, str(EXAMPLES / "reproduce_fig.py"), "--oco", cli.exe,
                        "--seeds", "3", "--T-max", "1000"], env=_env(cli),
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "all equal" in p.stdout and ": equal" in p.stdout
