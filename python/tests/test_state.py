"""Checkpoint and resume from Python (save_state / restore_state, issue 12)
of every algorithm of every protocol in the registry (oco learners, coco,
bwk, olp sessions, oobc policies).

For each algorithm: an uninterrupted run records its decisions (and what
the object reports after each: multipliers, distribution, reward, remaining
budget, ...); a second run is saved at a round in the middle (between
rounds, between a decision and its feedback, and for oobc in the middle of
an episode, at its end and before the first one), a NEW object (a different
rng seed where the algorithm draws, having first played other rounds so that
its state is not the fresh one) restores the file and finishes: its records
must equal the uninterrupted ones bit for bit (numpy array_equal on
float64).  Refusals: a state of another algorithm or setup, a corrupted (one
byte flipped) or truncated file raise oco.InvalidArgument, a missing file
oco.IOFailure, and the refused object then finishes the run exactly as if
nothing had happened."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

import oco
from oco import bwk, coco, learner, olp, oobc

T = 40          # rounds (oobc: steps, T // N episodes of N)
T_SAVE = 17     # the round the second run is saved at
PRE = 5         # rounds the restoring object plays before it restores


def _names(protocol: str):
    names = [a["name"] for a in oco.algorithms(protocol)]
    assert names, f"no {protocol} algorithm in the registry"
    return names


def _flip_byte(src: Path, dst: Path, at: int) -> None:
    b = bytearray(src.read_bytes())
    b[at % len(b)] ^= 0x10
    dst.write_bytes(bytes(b))


def _truncate(src: Path, dst: Path) -> None:
    b = src.read_bytes()
    dst.write_bytes(b[:len(b) // 2])


class Env:
    """One protocol's environment: make(seed) a new object of the algorithm,
    goto(t) rewinds the data to just after round t was generated, decide(obj,
    t) the object's decision of round t (recorded), feedback(obj, t, rec) the
    round's feedback."""

    saves = ((T_SAVE, False), (T_SAVE, True))  # (round, between decision and feedback)

    def goto(self, t: int) -> None:
        pass

    def feedback(self, obj, t: int, rec) -> None:
        pass

    def done(self, obj, t: int) -> bool:
        """Whether obj reports t rounds played."""
        return obj.round == t

    def play(self, obj, first: int, last: int, rec: list) -> None:
        for t in range(first, last + 1):
            self.goto(t - 1)
            rec.append(self.decide(obj, t))
            self.feedback(obj, t, rec[-1])


# ---- oco learners --------------------------------------------------------------

_SIMPLEX_ONLY = ("hedge", "optimistic-hedge", "msmwc")


class LearnerEnv(Env):
    def __init__(self, algo: str):
        self.algo = algo
        spec, loss = ("simplex", "linear-drift") if algo in _SIMPLEX_ONLY else ("ball:1",
                                                                                 "quadratic")
        self.domain = learner.Domain(spec, 3)
        self.seq = learner.LossSequence(loss, self.domain, T, seed=4)
        self.oracle = algo == "universal-multigrad"  # it queries several points

    def make(self, seed: int, algo=None) -> learner.Learner:
        return learner.Learner.for_losses(algo or self.algo, self.seq, seed=seed)

    def goto(self, t: int) -> None:  # round t is the last one generated
        self.seq.rewind()
        for _ in range(t):
            self.seq.next()

    def decide(self, obj, t: int) -> np.ndarray:
        self.goto(t)
        return obj.predict()

    def feedback(self, obj, t: int, x) -> None:
        if self.oracle:
            obj.update_oracle(self.seq)
        else:
            f, g = self.seq.eval(x)
            obj.update(g, f)


# ---- constrained OCO ---------------------------------------------------------------


class CocoEnv(Env):
    def __init__(self, algo: str):
        self.algo = algo
        # llp-perturbed needs the known part of linearly perturbed constraints
        # (setup.fixed_cons): the llp-exp2 family (d = k = 1) gives it.
        if algo == "llp-perturbed":
            self.problem = coco.Problem("llp-exp2", 1, T, seed=3)
        else:
            self.problem = coco.Problem("quadratic-constraints", 3, T, seed=3)
        self.has_mult = None

    def make(self, seed: int, algo=None) -> coco.Coco:
        return coco.Coco.for_problem(algo or self.algo, self.problem, seed=seed)

    def goto(self, t: int) -> None:
        self.problem.rewind()
        for _ in range(t):
            self.problem.next()

    def decide(self, obj, t: int) -> np.ndarray:
        """x_t, then the multipliers it was played with (if the algorithm has any)."""
        self.goto(t)
        if self.has_mult is None:
            self.has_mult = _has_mult(obj)
        lam = obj.multipliers() if self.has_mult else np.zeros(0)
        return np.concatenate([obj.predict(), lam])

    def feedback(self, obj, t: int, x) -> None:
        obj.update_oracle(self.problem)


def _has_mult(obj) -> bool:
    try:
        obj.multipliers()
        return True
    except oco.InvalidArgument:
        return False


# ---- bandits with knapsacks -----------------------------------------------------------


class BwkEnv(Env):
    def __init__(self, algo: str):
        self.algo = algo
        with bwk.Problem("stochastic", 3, T, seed=6) as p:
            self.rounds = list(p.rounds())

    def make(self, seed: int, algo=None) -> bwk.Bandit:
        return bwk.Bandit(algo or self.algo, 3, T, 12.0, seed=seed)

    def decide(self, obj, t: int) -> np.ndarray:
        arm = obj.pull()
        return np.concatenate([[float(arm)], obj.distribution()])

    def feedback(self, obj, t: int, rec) -> None:
        loss, cost = self.rounds[t - 1]
        arm = int(rec[0])
        obj.update(loss[arm], cost[arm])


# ---- olp ---------------------------------------------------------------------------


class OlpEnv(Env):
    saves = ((T_SAVE, False), (1, False))  # a session saves between rounds only

    def __init__(self, algo: str):
        self.algo = algo
        with olp.generate(1, 2, T, seed=5) as inst:
            self.b, self.c, self.a = inst.b, inst.c, inst.a

    def make(self, seed: int, algo=None) -> olp.Session:
        return olp.Session(algo or self.algo, T, self.b, seed=seed)

    def decide(self, obj, t: int) -> np.ndarray:
        """x_t, then the reward, the remaining budget and the price after it."""
        x = obj.step(self.c[t - 1], self.a[t - 1])
        y = obj.dual
        return np.concatenate([[float(x), obj.reward], obj.remaining,
                               y if y is not None else []])


# ---- oobc ----------------------------------------------------------------------------

N = 8  # steps per episode: rounds 1..T are T // N episodes


class OobcEnv(Env):
    # mid-episode (step 1 of episode 3), at the end of an episode (before the
    # next begin), and before the first episode
    saves = ((T_SAVE, False), (2 * N, False), (0, False))
    _shared: dict = {}

    def __init__(self, algo: str):
        self.algo = algo
        sh = self._shared
        if not sh:
            fair = oobc.Class("fairness")
            sh["class"] = fair
            sh["data"] = oobc.Data.synthetic(fair, N, T // N, seed=3)
            sh["train"] = oobc.Data.synthetic(fair, N, 60, seed=2)  # avg-lt, cr-pursuit
            for kind in ("laau", "rl"):  # a tiny network of each kind, trained briefly
                m = oobc.Model(fair, N, kind, hidden=(4,), seed=2)
                m.train(fair, sh["train"], epochs=2, seed=2)
                sh[kind] = m
        self.klass = sh["class"]
        self.B, self.C = sh["data"].B, sh["data"].c
        self.model = {"laau": sh["laau"], "rl": sh["rl"]}
        self.train = sh["train"]

    def make(self, seed: int, algo=None) -> oobc.Policy:
        algo = algo or self.algo
        return oobc.Policy(algo, self.klass, N, model=self.model.get(algo),
                           train=self.train if algo in ("avg-lt", "cr-pursuit") else None)

    def done(self, obj, t: int) -> bool:
        return obj.step == ((t - 1) % N + 1 if t else 0)

    def decide(self, obj, t: int) -> np.ndarray:
        """x_t, then the remaining budget and Σ l after it."""
        e, k = divmod(t - 1, N)
        if k == 0:
            obj.begin(self.B[e])
        x = obj.decide(self.C[e, k])
        return np.concatenate([x, obj.remaining, [obj.episode_loss]])


ENVS = {"oco": LearnerEnv, "coco": CocoEnv, "bwk": BwkEnv, "olp": OlpEnv, "oobc": OobcEnv}
CASES = [(p, a) for p in ENVS for a in _names(p)]


def _resumed(env: Env, tmp_path: Path, t_save: int, mid_round: bool):
    """Decisions of a run saved at round t_save (after its decision, before
    its feedback, when mid_round) and finished by another object restored
    from the file."""
    path = tmp_path / "run.state"
    rec = []
    a = env.make(seed=1)
    env.play(a, 1, t_save - 1, rec)
    if t_save:
        env.goto(t_save - 1)
        rec.append(env.decide(a, t_save))
        if not mid_round:
            env.feedback(a, t_save, rec[-1])
    a.save_state(path)
    a.close()
    b = env.make(seed=99)  # another rng seed: the restore must bring the saved one
    env.play(b, 1, PRE, [])  # and a state that is not the fresh one
    b.restore_state(str(path) if mid_round or t_save % 2 else path)  # str, os.PathLike
    assert env.done(b, t_save - 1 if mid_round else t_save)
    if mid_round:
        env.goto(t_save)
        env.feedback(b, t_save, rec[-1])
    env.play(b, t_save + 1, T, rec)
    assert env.done(b, T)
    return np.array(rec)


@pytest.mark.parametrize("protocol,algo", CASES, ids=[f"{p}-{a}" for p, a in CASES])
def test_resume_equals_uninterrupted(protocol, algo, tmp_path):
    env = ENVS[protocol](algo)
    want = []
    with env.make(seed=1) as a:
        env.play(a, 1, T, want)
    want = np.array(want)
    assert want.dtype == np.float64 and want.shape[0] == T
    for t_save, mid in env.saves:
        got = _resumed(env, tmp_path, t_save, mid)
        assert np.array_equal(got, want), \
            f"{algo}: resumed run (saved at round {t_save}, mid_round={mid}) differs"


# The other algorithm of the same protocol whose state each refusal test offers.
_OTHER = {"oco": ("ogd", "adagrad"), "coco": ("llp-linearized", "dpp"),
          "bwk": ("exp3", "lyapunov-bwk"), "olp": ("dual-subgradient", "dual-multiplicative"),
          "oobc": ("dgd", "mw")}


@pytest.mark.parametrize("protocol", list(ENVS))
def test_refusals_leave_the_object_working(protocol, tmp_path):
    algo, other = _OTHER[protocol]
    env = ENVS[protocol](algo)
    want = []
    with env.make(seed=1) as a:
        env.play(a, 1, T, want)
    good, bad = tmp_path / "good.state", tmp_path / "bad.state"
    with env.make(seed=1) as a:
        env.play(a, 1, T_SAVE, [])
        a.save_state(good)
    with env.make(seed=1, algo=other) as o:
        env.play(o, 1, 3, [])
        o.save_state(bad)

    rec = []
    b = env.make(seed=1)
    env.play(b, 1, PRE, rec)
    refusals = []
    with pytest.raises(oco.InvalidArgument) as e:
        b.restore_state(bad)
    refusals.append(e.value)
    assert e.value.code == -1 and e.value.name == "OCO_EINVAL"
    for at in (0, 40, os.path.getsize(good) // 2, os.path.getsize(good) - 1):
        _flip_byte(good, bad, at)
        with pytest.raises(oco.InvalidArgument) as e:
            b.restore_state(bad)
        refusals.append(e.value)
    _truncate(good, bad)
    with pytest.raises(oco.InvalidArgument) as e:
        b.restore_state(bad)
    refusals.append(e.value)
    with pytest.raises(oco.IOFailure) as e:
        b.restore_state(tmp_path / "missing.state")
    assert e.value.code == -3 and "missing.state" in str(e.value)
    for err in refusals:
        assert str(err), "the library's message is carried"
    assert env.done(b, PRE)
    env.play(b, PRE + 1, T, rec)  # as if nothing had happened
    assert np.array_equal(np.array(rec), np.array(want))
    with pytest.raises(TypeError):
        b.restore_state(1.5)
    with pytest.raises(oco.IOFailure):
        b.save_state(tmp_path / "no-such-dir" / "x.state")
    b.close()
    with pytest.raises(oco.InvalidState):
        b.save_state(good)


def test_bwk_restore_writes_the_rng_back(tmp_path):
    path = tmp_path / "bwk.state"
    a = bwk.Bandit("exp3", 3, T, 12.0, seed=1)
    for _ in range(5):
        a.pull()
        a.update(0.5, 0.25)
    a.save_state(path)
    saved = list(a._rng.s)
    b = bwk.Bandit("exp3", 3, T, 12.0, seed=2)
    assert list(b._rng.s) != saved
    b.restore_state(path)
    assert list(b._rng.s) == saved
    assert b.round == 5 and b.consumption == a.consumption
    np.testing.assert_array_equal(b.distribution(), a.distribution())


def test_other_setup_is_refused(tmp_path):
    """A state made with another budget (olp) or other network weights (laau)
    is refused: the header fingerprints the setup, not only the name."""
    path = tmp_path / "s.state"
    env = OobcEnv("laau")
    a = env.make(seed=1)
    env.play(a, 1, 3, [])
    a.save_state(path)
    other = oobc.Model(env.klass, N, "laau", hidden=(4,), seed=3)  # untrained, other weights
    b = oobc.Policy("laau", env.klass, N, model=other)
    with pytest.raises(oco.InvalidArgument):
        b.restore_state(path)
    assert b.step == 0
    s = olp.Session("dual-subgradient", T, [1.0, 2.0])
    s.step(1.0, [0.5, 0.5])
    s.save_state(path)
    r = olp.Session("dual-subgradient", T, [1.0, 2.5])
    with pytest.raises(oco.InvalidArgument):
        r.restore_state(path)
    assert r.round == 0
    r = olp.Session("dual-subgradient", T, [1.0, 2.0], hard_budget=True)
    with pytest.raises(oco.InvalidArgument):
        r.restore_state(path)
    r = olp.Session("dual-subgradient", T, [1.0, 2.0])
    r.restore_state(path)
    assert r.round == 1 and r.reward == s.reward
