"""The README's Python example is python/examples/readme_example.py verbatim
and runs; python/examples/reproduce_fig.py reproduces the olp-alg1 figure's
numbers and agrees with the CLI."""
import os
import re
import subprocess
import sys
from pathlib import Path

import oco

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "python" / "examples"


def _env(cli):
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "python") + os.pathsep + env.get("PYTHONPATH", "")
    env["OCO_LIB"] = oco.library_path
    env["OCO"] = cli.exe
    return env


def test_readme_block_equals_example_file():
    readme = (ROOT / "README.md").read_text()
    m = re.search(r"<!-- example: python/examples/readme_example.py -->\n```python\n(.*?)```\n",
                  readme, re.S)
    assert m, "README.md has no marked Python example"
    assert m.group(1) == (EXAMPLES / "readme_example.py").read_text()


def test_readme_example_runs(cli):
    p = subprocess.run([sys.executable, str(EXAMPLES / "readme_example.py")], env=_env(cli),
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    want = cli("run", "olp", "--algo", "dual-subgradient", "--gen", 1, "--m", 2, "--T", 1000,
               "--seed", 7)
    out = p.stdout
    assert f"reward {want['reward']:.4f}" in out and f"opt {want['opt']:.4f}" in out
    assert "OCO_EINVAL" in out and "alpah" in out


def test_reproduce_fig_agrees_with_cli(cli):
    p = subprocess.run([sys.executable, str(EXAMPLES / "reproduce_fig.py"), "--oco", cli.exe,
                        "--seeds", "3", "--T-max", "1000"], env=_env(cli),
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "all equal" in p.stdout and ": equal" in p.stdout
