"""The olp protocol against the CLI (`oco run olp --json`) and against
itself (a session loop in Python equals the library's runner)."""
import numpy as np
import pytest

import oco
from oco import olp

CASES = [("dual-subgradient", 1, 2, 500, 3, {}, False),
         ("dual-multiplicative", 2, 3, 400, 7, {}, True),
         ("dmd-euclid", 3, 1, 300, 2, {}, False),
         ("dual-subgradient", 5, 2, 300, 4, {"alpha": 0.05}, False)]


@pytest.mark.parametrize("algo,gen,m,T,seed,params,hard", CASES)
def test_run_equals_cli(cli, algo, gen, m, T, seed, params, hard):
    args = ["run", "olp", "--algo", algo, "--gen", gen, "--m", m, "--T", T, "--seed", seed]
    for k, v in params.items():
        args += ["--param", f"{k}={v}"]
    if hard:
        args.append("--hard-budget")
    want = cli(*args)
    with olp.generate(gen, m, T, seed) as inst:
        assert inst.b.tolist() == want["budget"]
        r = olp.run(algo, inst, params, hard_budget=hard)
        opt = olp.hindsight_opt(inst)
    assert r.reward == want["reward"]
    assert r.violation == want["violation"]
    assert r.accepted == want["accepted"]
    assert r.remaining.tolist() == want["remaining"]
    assert opt.value == want["opt"] and opt.method == want["opt_method"]
    assert opt.kind == want["opt_kind"]
    assert opt.value - r.reward == pytest.approx(want["regret"], abs=1e-9)


def test_session_loop_equals_runner():
    inst = olp.generate(1, 2, 400, 5)
    r = olp.run("dual-subgradient", inst)
    c, a = inst.c, inst.a
    with olp.Session("dual-subgradient", inst.T, inst.b) as s:
        xs = np.array([s.step(c[t], a[t]) for t in range(inst.T)])
        assert s.round == inst.T
        assert s.reward == r.reward
        assert s.accepted == r.accepted
        np.testing.assert_array_equal(s.remaining, r.remaining)
        assert s.dual.shape == (2,)
        # after T rounds the session refuses another order
        with pytest.raises(oco.InvalidState):
            s.step(1.0, [0.1, 0.1])
        s.reset()
        assert s.round == 0 and s.reward == 0.0
        np.testing.assert_array_equal(s.remaining, inst.b)
    np.testing.assert_array_equal(xs, r.decisions)
    # The reward of the decisions, recomputed in numpy.
    assert float(c @ xs) == pytest.approx(r.reward, rel=1e-12)
    np.testing.assert_allclose(inst.b - a.T @ xs, r.remaining, rtol=1e-12, atol=1e-9)


def test_instance_from_arrays_and_csv(tmp_path, cli):
    inst = olp.generate(2, 2, 50, 1)
    same = olp.Instance(inst.c, inst.a, inst.b)
    np.testing.assert_array_equal(same.a, inst.a)
    assert olp.run("dual-subgradient", same).reward == olp.run("dual-subgradient", inst).reward
    path = tmp_path / "orders.csv"
    cli("run", "olp", "--algo", "dual-subgradient", "--gen", 2, "--m", 2, "--T", 50,
        "--seed", 1, "--save-orders", path)
    from_file = olp.Instance.from_csv(path, inst.b)
    np.testing.assert_array_equal(from_file.c, inst.c)
    np.testing.assert_array_equal(from_file.a, inst.a)
    assert "T=50" in repr(from_file)


def test_hindsight_opt_independent_closed_form_m1():
    # m = 1, unit consumption: the LP picks the floor(b) largest rewards (+ a fraction).
    c = np.array([5.0, 1.0, 4.0, 3.0, 2.0])
    inst = olp.Instance(c, np.ones((5, 1)), [2.5])
    assert olp.hindsight_opt(inst).value == pytest.approx(5 + 4 + 0.5 * 3)
    assert olp.hindsight_opt(inst, "clp").value == pytest.approx(10.5)


def test_errors_shapes_and_close():
    with pytest.raises(oco.InvalidArgument) as e:
        olp.Instance([1.0, 2.0], [[0.1], [0.2]], [-1.0])
    assert "b" in str(e.value)
    with pytest.raises(oco.InvalidArgument):
        olp.generate(11, 1, 10, 1)
    s = olp.Session("dual-subgradient", 5, [1.0, 1.0])
    with pytest.raises(oco.InvalidArgument):
        s.step(1.0, [0.1])  # a of the wrong length
    with pytest.raises(oco.InvalidArgument):
        s.step(float("nan"), [0.1, 0.1])
    assert s.step(1.0, np.array([0.1, 0.1], dtype=np.float32)) in (0, 1)
    assert "round=1" in repr(s)
    s.close()
    s.close()  # twice is fine
    assert "closed" in repr(s)
    with pytest.raises(oco.InvalidState):
        s.step(1.0, [0.1, 0.1])
