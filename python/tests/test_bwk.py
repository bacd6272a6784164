"""Bandits with knapsacks against the CLI (`oco run bwk --json`) and a
Python pull/update loop."""
import numpy as np
import pytest

import oco
from oco import bwk

CASES = [("lyapunov-bwk", "stochastic", 3, 500, 1, 100),
         ("exp3", "adversarial", 4, 400, 2, 80),
         ("lagrange-bwk", "stochastic", 2, 300, 5, 50)]


@pytest.mark.parametrize("algo,inst,K,T,seed,B", CASES)
def test_run_equals_cli(cli, algo, inst, K, T, seed, B):
    want = cli("run", "bwk", "--algo", algo, "--instance", inst, "--K", K, "--T", T,
               "--seed", seed, "--budget", B)
    with bwk.Problem(inst, K, T, seed) as p, bwk.Bandit(algo, K, T, B, seed) as a:
        r = bwk.run(a, p)
    assert r.loss == want["loss"]
    assert r.consumption == want["consumption"]
    assert r.expected_loss == want["expected_loss"]
    assert r.pulls.tolist() == want["pulls"]
    assert r.benchmark == want["benchmark"]
    assert r.pstar.tolist() == want["benchmark_p"]


def test_pull_update_loop_equals_runner():
    p = bwk.Problem("stochastic", 3, 300, seed=4)
    want = bwk.run(bwk.Bandit("lyapunov-bwk", 3, 300, 60, seed=4), p)
    a = bwk.Bandit("lyapunov-bwk", 3, 300, 60, seed=4)
    loss, pulls, exp_loss = 0.0, np.zeros(3, int), 0.0
    for l, c in p.rounds():
        arm = a.pull()
        dist = a.distribution()
        assert dist.shape == (3,) and abs(dist.sum() - 1) < 1e-9
        exp_loss += float(dist @ l)
        a.update(l[arm], c[arm])
        loss += l[arm]
        pulls[arm] += 1
    assert loss == want.loss
    assert a.consumption == want.consumption
    assert pulls.tolist() == want.pulls.tolist()
    assert exp_loss == pytest.approx(want.expected_loss, rel=1e-12)
    # the benchmark, recomputed: min over arms mixes; at least the best feasible pure arm
    sums_l = sum(l for l, _ in p.rounds())
    sums_c = sum(c for _, c in p.rounds())
    feasible = sums_c <= 60
    assert want.benchmark <= sums_l[feasible].min() + 1e-9


def test_errors():
    a = bwk.Bandit("exp3", 2, 10, 5)
    with pytest.raises(oco.InvalidState):
        a.update(0.5, 0.5)
    a.pull()
    with pytest.raises(oco.InvalidArgument):
        a.update(1.5, 0.0)
    with pytest.raises(oco.InvalidArgument):
        bwk.Bandit("exp3", 1, 10, 5)  # K >= 2
    a.close()
    a.close()
