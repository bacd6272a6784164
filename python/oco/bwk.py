"""The bandits-with-knapsacks protocol (bwk.h, bwk_problem.h, bwk_runner.h):
K arms, one resource, a long-term budget, bandit feedback.

Round t: :meth:`Bandit.pull` draws an arm I_t from the algorithm's
distribution, :meth:`Bandit.update` feeds only that arm's loss and cost.
:class:`Problem` is an instance, :func:`run` the library's runner (as
``oco run bwk``)."""
from __future__ import annotations

import ctypes
from ctypes import byref, c_int, c_size_t
from dataclasses import dataclass, field
from typing import Mapping, Optional

import numpy as np

from . import _lib
from ._core import (Handle, Params, StrPath, check, check_ptr, copy_out, dptr, s, seeded_rng,
                    state_path)
from ._lib import lib
from .registry import _find_info

__all__ = ["Bandit", "Problem", "RunResult", "run"]


class Problem(Handle):
    """A bwk instance: a generated kind ("stochastic", "adversarial",
    "lower-bound") with K arms, T rounds from `seed`, or a CSV file
    (:meth:`from_csv`)."""

    _free = lib.oco_bwk_problem_free

    def __init__(self, kind: str, K: int, T: int, seed: int = 1, phases: int = 0,
                 phase_k: int = 0):
        po = lib.oco_bwk_problem_opts_default()
        kk = c_int()
        check(lib.oco_bwk_problem_kind_parse(kind.encode(), byref(kk)))
        po.kind, po.K, po.T, po.seed, po.phases, po.phase_k = kk.value, K, T, seed, phases, phase_k
        self.seed = seed
        self._ptr = check_ptr(lib.oco_bwk_problem_new(byref(po)))

    @classmethod
    def from_csv(cls, path: str) -> "Problem":
        """Rows "l1,...,lK,c1,...,cK" with a header, values in [0, 1]."""
        self = cls.__new__(cls)
        self.seed = None
        self._ptr = check_ptr(lib.oco_bwk_problem_from_csv(str(path).encode()))
        return self

    @property
    def K(self) -> int:
        return lib.oco_bwk_problem_arms(self._p())

    @property
    def T(self) -> int:
        return lib.oco_bwk_problem_horizon(self._p())

    def rounds(self):
        """Iterate over (losses (K), costs (K)) of every round (rewinds)."""
        p = self._p()
        lib.oco_bwk_problem_rewind(p)
        try:
            for _ in range(self.T):
                check(lib.oco_bwk_problem_next(p))
                yield (copy_out(lib.oco_bwk_problem_losses(p), self.K),
                       copy_out(lib.oco_bwk_problem_costs(p), self.K))
        finally:
            lib.oco_bwk_problem_rewind(p)

    def benchmark(self, budget: float) -> dict:
        """The exact benchmark (54) of seed 003: value, consumption, p*."""
        b = _lib.oco_bwk_benchmark()
        ps = np.zeros(self.K)
        check(lib.oco_bwk_problem_benchmark(self._p(), budget, dptr(ps), byref(b)))
        return {"value": b.value, "consumption": b.consumption, "p": ps, "method": s(b.method)}

    def __repr__(self) -> str:
        if self.closed:
            return "<oco.bwk.Problem closed>"
        return f"<oco.bwk.Problem {s(lib.oco_bwk_problem_label(self._p()))} K={self.K} T={self.T}>"


class Bandit(Handle):
    """A bwk algorithm (oco_bwk): ``pull()`` → arm, ``update(loss, cost)``."""

    _free = lib.oco_bwk_free

    def __init__(self, algo: str, K: int, T: int, budget: float, seed: int = 1, *,
                 stream: int = 2, params: Optional[Mapping[str, float]] = None):
        """Algorithm `algo` ("lyapunov-bwk", "exp3", ... see
        ``oco.algorithms("bwk")``) over K arms, horizon T, budget B_T; the
        arms are drawn from oco_rng stream `stream` of `seed` (2, as
        ``oco run bwk --seed S`` does)."""
        self.algo = algo
        self._type = check_ptr(lib.oco_bwk_type_from_info(_find_info(algo, "bwk")))
        self._rng = seeded_rng(seed, stream)
        st = lib.oco_bwk_setup_default()
        st.K, st.T, st.budget, st.rng = K, T, float(budget), ctypes.pointer(self._rng)
        self._setup = st
        self._params = Params(params)
        self._ptr = check_ptr(lib.oco_bwk_new(self._type, byref(st), self._params.ptr,
                                              self._params.n))
        self.K = K
        self._arm = c_size_t()

    def pull(self) -> int:
        """Draw the round's arm I_t (0-based)."""
        check(lib.oco_bwk_pull(self._p(), byref(self._arm)))
        return self._arm.value

    def update(self, loss: float, cost: float) -> None:
        """The pulled arm's loss and cost (both in [0, 1])."""
        check(lib.oco_bwk_update(self._p(), float(loss), float(cost)))

    def distribution(self) -> np.ndarray:
        """p̃_t of the last pull (K)."""
        p = np.zeros(self.K)
        check(lib.oco_bwk_last_distribution(self._p(), dptr(p)))
        return p

    def reset(self) -> None:
        check(lib.oco_bwk_reset(self._p()))

    def save_state(self, path: StrPath) -> None:
        """Checkpoint the algorithm's whole state to `path` (oco_bwk_save_state;
        include/oco/state.h): its state, the round, the consumption, a pending
        pull and the state of this bandit's rng; between rounds or between
        pull and update; written atomically (path.tmp, renamed).  Raises
        :class:`oco.IOFailure` if the file cannot be written."""
        check(lib.oco_bwk_save_state(self._p(), state_path(path)))

    def restore_state(self, path: StrPath) -> None:
        """Replace the algorithm's whole state by the one saved in `path`
        (oco_bwk_restore_state), and this bandit's rng (the one it draws
        the arms from, whatever its seed) by the saved one: it must have been
        made with the same algorithm, K, T, budget and params; the rest of the
        run then pulls the same arms as the saved run.  Raises
        :class:`oco.IOFailure` (missing or unreadable file) or
        :class:`oco.InvalidArgument` (a state of another algorithm, K, T,
        budget, params or library version, a corrupted or truncated file),
        leaving the bandit and its rng as they were.  Nothing is cached on the
        Python side: :attr:`round`, :attr:`consumption` and
        :meth:`distribution` read the restored state."""
        check(lib.oco_bwk_restore_state(self._p(), state_path(path)))

    @property
    def round(self) -> int:
        return lib.oco_bwk_round(self._p())

    @property
    def consumption(self) -> float:
        return lib.oco_bwk_consumption(self._p())

    @property
    def multiplier(self) -> float:
        return lib.oco_bwk_multiplier(self._p())

    def __repr__(self) -> str:
        if self.closed:
            return f"<oco.bwk.Bandit {self.algo} closed>"
        return f"<oco.bwk.Bandit {self.algo} K={self.K} round={self.round}>"


@dataclass
class RunResult:
    """oco_bwk_run_result, the pulls per arm and the benchmark's p*."""
    T: int
    loss: float
    consumption: float
    expected_loss: float
    budget: float
    benchmark: float
    benchmark_consumption: float
    regret: float
    seconds: float
    pulls: np.ndarray = field(repr=False)
    pstar: np.ndarray = field(repr=False)


def run(alg: Bandit, problem: Problem, benchmark: bool = True) -> RunResult:
    """Play the (fresh) algorithm on every round of the instance (oco_bwk_run).
    An infeasible benchmark raises :class:`oco.Infeasible`."""
    o = lib.oco_bwk_run_opts_default()
    o.benchmark = int(benchmark)
    r = _lib.oco_bwk_run_result()
    K = problem.K
    pulls = np.zeros(K, dtype=np.uintp)
    ps = np.zeros(K)
    check(lib.oco_bwk_run(alg._p(), problem._p(), byref(o), byref(r),
                          pulls.ctypes.data_as(ctypes.POINTER(c_size_t)), dptr(ps)))
    return RunResult(r.T, r.loss, r.consumption, r.expected_loss, r.budget, r.benchmark,
                     r.benchmark_consumption, r.regret, r.seconds, pulls.astype(np.int64), ps)
