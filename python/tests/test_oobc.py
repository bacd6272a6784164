"""OOBC (strict budgets over short episodes) against the CLI
(`oco run oobc --json`, `oco train`) and against itself."""
import numpy as np
import pytest

import oco
from oco import oobc


@pytest.fixture(scope="module")
def fairness():
    with oobc.Class("fairness") as c:
        yield c


@pytest.mark.parametrize("algo", ["equal", "dgd", "mw", "opt"])
def test_run_equals_cli(cli, fairness, algo):
    want = cli("run", "oobc", "--algo", algo, "--problem", "fairness", "--N", 20,
               "--instances", 40, "--seed", 3)
    data = oobc.Data.synthetic(fairness, 20, 40, seed=3, first=oobc.TEST_FIRST)
    assert data.label == want["data"]
    pol = None if algo == "opt" else oobc.Policy(algo, fairness, 20)
    r = oobc.run(pol, fairness, data)
    assert r.utility_mean == want["utility_mean"]
    assert r.utility_ci95 == want["utility_ci95"]
    assert r.opt_utility_mean == want["opt_utility_mean"]
    assert r.budget_exceeded == want["budget_exceeded"] == 0


def test_avg_lt_with_training_set_equals_cli(cli, fairness):
    want = cli("run", "oobc", "--algo", "avg-lt", "--problem", "fairness", "--N", 10,
               "--instances", 20, "--seed", 2)
    train = oobc.Data.synthetic(fairness, 10, 5000, seed=2)  # CLI_OOBC_FIT_EPISODES
    data = oobc.Data.synthetic(fairness, 10, 20, seed=2, first=oobc.TEST_FIRST)
    r = oobc.run(oobc.Policy("avg-lt", fairness, 10, train=train), fairness, data)
    assert r.utility_mean == want["utility_mean"]


def test_policy_episode_by_hand_equals_runner(fairness):
    data = oobc.Data.synthetic(fairness, 12, 5, seed=9)
    assert data.B.shape == (5, 1) and data.c.shape == (5, 12, 1)
    r = oobc.run(oobc.Policy("dgd", fairness, 12), fairness, data, decisions=True)
    pol = oobc.Policy("dgd", fairness, 12)
    B, C = data.B, data.c
    lo, hi = fairness.box
    for i in range(5):
        x = pol.episode(B[i], C[i])
        assert x.shape == (12, 1)
        np.testing.assert_array_equal(x, r.decisions[i])
        assert pol.step == 12
        # the strict budget holds and the box too
        assert x.sum() <= B[i, 0] * (1 + 1e-9)
        assert np.all(x >= lo) and np.all(x <= hi)
        np.testing.assert_allclose(pol.remaining, B[i] - x.sum(), rtol=1e-12, atol=1e-9 * B[i, 0])
        # fairness utility (1/N) Σ c log x, in numpy
        u = float((C[i, :, 0] * np.log(x[:, 0])).sum() / 12)
        assert u == pytest.approx(r.utility[i], rel=1e-12)
        assert -pol.episode_loss / 12 == pytest.approx(u, rel=1e-12)
    with pytest.raises(oco.InvalidState):
        pol.decide([0.5])  # past step N


def test_opt_is_water_filling_and_bounds_policies(fairness):
    data = oobc.Data.synthetic(fairness, 8, 3, seed=4)
    r = oobc.run(oobc.Policy("equal", fairness, 8), fairness, data)
    for i in range(3):
        loss, x = oobc.opt(fairness, data.B[i], data.c[i])
        assert x.shape == (8, 1)
        assert -loss / 8 == pytest.approx(r.opt_utility[i], rel=1e-12)
        assert -loss / 8 >= r.utility[i] - 1e-12
        # KKT of max Σ c log x s.t. Σ x <= B, 1 <= x <= 40: x_t = clip(c_t/ν, 1, 40)
        c = data.c[i, :, 0]
        free = (x[:, 0] > 1 + 1e-9) & (x[:, 0] < 40 - 1e-9)
        if free.sum() >= 2:
            nu = c[free] / x[free, 0]
            np.testing.assert_allclose(nu, nu[0], rtol=1e-9)


def test_model_train_save_load_and_laau_equal_cli(cli, fairness, tmp_path):
    cli_model = tmp_path / "cli.json"
    cli("train", "laau", "--problem", "fairness", "--N", 10, "--train", 60, "--val", 20,
        "--epochs", 3, "--seed", 2, "--model", cli_model, json_out=False)
    m = oobc.Model(fairness, 10, "laau", seed=2)
    train = oobc.Data.synthetic(fairness, 10, 60, seed=2)
    val = oobc.Data.synthetic(fairness, 10, 20, seed=2, first=60)
    rep = m.train(fairness, train, val, epochs=3, seed=2)
    assert rep["epochs_run"] == 3
    loaded = oobc.Model.load(cli_model)
    np.testing.assert_array_equal(m.weights, loaded.weights)
    assert loaded.kind == "laau" and loaded.problem == "fairness" and loaded.N == 10
    py_model = tmp_path / "py.json"
    m.save(py_model)
    again = oobc.Model.load(py_model)
    np.testing.assert_array_equal(again.weights, m.weights)
    want = cli("run", "oobc", "--algo", "laau", "--model", py_model, "--problem", "fairness",
               "--N", 10, "--instances", 30, "--seed", 5)
    data = oobc.Data.synthetic(fairness, 10, 30, seed=5, first=oobc.TEST_FIRST)
    pol = oobc.Policy("laau", fairness, 10, model=again)
    r = oobc.run(pol, fairness, data)
    assert r.utility_mean == want["utility_mean"]
    pol.begin(data.B[0])
    pol.decide(data.c[0, 0])
    assert pol.multiplier().shape == (1,)
    for h in (pol, again, m, loaded):
        h.close()
        h.close()


def test_data_csv_round_trip_and_cli(cli, fairness, tmp_path):
    data = oobc.Data.synthetic(fairness, 6, 4, seed=1)
    path = tmp_path / "episodes.csv"
    data.write_csv(path)
    back = oobc.Data.read_csv(path, fairness)
    np.testing.assert_array_equal(back.B, data.B)
    np.testing.assert_array_equal(back.c, data.c)
    want = cli("run", "oobc", "--algo", "equal", "--problem", "fairness", "--instances-file",
               path)
    assert oobc.run(oobc.Policy("equal", fairness, 6), fairness, back).utility_mean == \
        want["utility_mean"]
    own = oobc.Data(data.B, data.c[:, :, 0], label="mine")
    assert own.label == "mine" and len(own) == 4
    np.testing.assert_array_equal(own.c, data.c)


def test_errors(fairness):
    with pytest.raises(oco.NotFound) as e:
        oobc.Class("nope")
    assert "fairness" in str(e.value)
    with pytest.raises(oco.InvalidArgument):
        oobc.Policy("laau", fairness, 10)  # needs a model
    pol = oobc.Policy("equal", fairness, 5)
    with pytest.raises(oco.InvalidState):
        pol.decide([0.5])  # before begin
    with pytest.raises(oco.InvalidArgument):
        pol.begin([1.0])  # below N * reserve
    with pytest.raises(oco.IOFailure):
        oobc.Model.load("/nonexistent/model.json")
    multi = oobc.Class("multi-budget", d=3)
    assert (multi.M, multi.d) == (2, 3)
    assert "multi-budget" in repr(multi)
