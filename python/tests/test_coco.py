"""Constrained OCO against the CLI (`oco run coco --json`)."""
import numpy as np
import pytest

import oco
from oco import coco

CASES = [("llp-linearized", "linear", 2, 200, 1, "none"),
         ("lyapunov-adagrad", "resource", 3, 200, 1, "none"),
         ("llp", "quadratic", 2, 100, 2, "perfect"),
         ("dpp", "linear", 3, 150, 3, "none")]


@pytest.mark.parametrize("algo,problem,d,T,seed,preds", CASES)
def test_run_equals_cli(cli, algo, problem, d, T, seed, preds):
    want = cli("run", "coco", "--algo", algo, "--problem", problem, "--d", d, "--T", T,
               "--seed", seed, "--predictions", preds)
    with coco.Problem(problem, d, T, seed) as p, coco.Coco.for_problem(algo, p) as a:
        r = coco.run(a, p, preds)
    assert r.loss == want["loss"]
    assert r.violation == want["violation"]
    assert r.max_running_violation == want["max_running_violation"]
    assert r.consumption.tolist() == want["consumption"]
    assert r.comparator == pytest.approx(want["comparator"], rel=1e-9, abs=1e-9)


def test_predict_update_by_hand():
    # One linear constraint x_1 + x_2 - 0.5 <= 0 on the box, cost <(−1, −1), x>.
    D = oco.Domain("box:0,1", 2)
    a = coco.Coco("llp-linearized", D, k=1, T=50, G=2, L_g=2, g_max=2, F=2)
    J = np.array([[1.0, 1.0]])
    lam = []
    for t in range(50):
        x = a.predict()
        assert x.shape == (2,) and D.contains(x)
        a.update([-1.0, -1.0], [x.sum() - 0.5], J)
        lam.append(a.multipliers()[0])
    assert a.round == 50
    assert lam[-1] > 0  # the violated constraint raised its multiplier
    # a prediction in closed form is accepted
    a.reset()
    x = a.predict(cost=coco.QuadMap([[-1.0, -1.0]]), cons=coco.QuadMap(J, [0.5]))
    assert x.shape == (2,)
    with pytest.raises(oco.InvalidState):
        a.predict()
    with pytest.raises(oco.InvalidArgument):
        a.update([1.0, 1.0], [0.0, 0.0], J)  # g of the wrong length
    a.close()
    a.close()
