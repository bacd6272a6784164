"""OCO learners against the CLI (`oco run oco --json`) and a Python loop."""
import numpy as np
import pytest

import oco
from oco import learner

CASES = [("ogd", "quadratic", 3, 200, 2, "ball:1"),
         ("ons", "squared", 2, 150, 4, "ball:1"),
         ("adagrad", "logistic", 3, 150, 1, "box:-1,1"),
         ("universal", "quadratic", 2, 100, 3, "ball:1"),
         ("hedge", "signs", 4, 100, 5, "simplex")]


@pytest.mark.parametrize("algo,loss,d,T,seed,dom", CASES)
def test_run_equals_cli(cli, algo, loss, d, T, seed, dom):
    want = cli("run", "oco", "--algo", algo, "--loss", loss, "--d", d, "--T", T, "--seed", seed,
               "--domain", dom)
    with learner.Domain(dom, d) as D, learner.LossSequence(loss, D, T, seed) as seq:
        with learner.Learner.for_losses(algo, seq) as l:
            r = learner.run(l, seq, hindsight=False)
        h = seq.hindsight()
    assert r.loss == want["loss"]
    assert r.grad_calls == want["gradient_calls"]
    assert h["comparator"] == want["comparator"]
    assert h["x_star"].tolist() == want["x_star"]
    assert h["V_T"] == want["V_T"]


def test_python_loop_equals_runner():
    D = learner.Domain("ball:1", 3)
    seq = learner.LossSequence("quadratic", D, 100, seed=7, **{"lambda": 2.0})
    l = learner.Learner.for_losses("ogd", seq)
    want = learner.run(l, seq)
    l.reset()
    seq.rewind()
    total, xs = 0.0, []
    for _ in range(100):
        seq.next()
        x = l.predict()
        assert x.shape == (3,) and x.dtype == np.float64
        assert D.contains(x)
        f, g = seq.eval(x)
        total += f
        xs.append(x)
        l.update(g)
    assert l.round == 100
    assert total == pytest.approx(want.loss, rel=1e-12)
    # The comparator is no larger than the loss of the best played point.
    assert want.comparator <= total


def test_ogd_first_steps_by_hand():
    # OGD on X = [-1, 1]^2 with a fixed linear loss g: x_{t+1} = Π(x_t − η_t g).
    D = learner.Domain("box:-1,1", 2)
    l = learner.Learner("ogd", D, T=10, G=1.0)
    x1 = l.predict()
    np.testing.assert_array_equal(x1, [0.0, 0.0])
    g = np.array([1.0, 0.0])
    l.update(g)
    x2 = l.predict()
    assert x2[0] < 0 and x2[1] == 0.0  # moved against the gradient only
    np.testing.assert_array_equal(x2, D.project(x2))


def test_errors_and_order():
    D = learner.Domain("ball:1", 2)
    with pytest.raises(oco.InvalidArgument):
        learner.Domain("ball:-1", 2)
    l = learner.Learner("ogd", D, T=5)
    with pytest.raises(oco.InvalidState):
        l.update([0.1, 0.1])  # no predict before
    l.predict()
    with pytest.raises(oco.InvalidState):
        l.predict()  # two predicts
    with pytest.raises(oco.InvalidArgument):
        l.update([0.1, 0.1, 0.1])
    with pytest.raises(oco.InvalidArgument):
        l.update([np.inf, 0.0])
    with pytest.raises(oco.InvalidArgument) as e:
        learner.Learner("ogd", D, T=5, G=-1)
    assert "G" in str(e.value)
    with pytest.raises(oco.NotFound):
        learner.Learner("dual-subgradient", D, T=5)  # an olp policy, not a learner
    l.close()
    l.close()
    with learner.Learner("ogd", D, T=5) as l2:
        assert "ogd" in repr(l2)
    assert l2.closed


def test_predict_into_out_array_equals_fresh_arrays():
    D = learner.Domain("ball:1", 3)
    seq = learner.LossSequence("quadratic", D, 30, seed=3)
    a = learner.Learner.for_losses("ogd", seq)
    b = learner.Learner.for_losses("ogd", seq)
    out = np.empty(3)
    seq.rewind()
    for _ in range(30):
        seq.next()
        x = a.predict()
        y = b.predict(out=out)
        assert y is out
        np.testing.assert_array_equal(x, y)
        _, g = seq.eval(x)
        a.update(g)
        b.update(g)
    with pytest.raises(oco.InvalidArgument):
        a.predict(out=np.empty(3, dtype=np.float32))
    with pytest.raises(oco.InvalidArgument):
        a.predict(out=np.empty(4))
