"""The constrained-OCO protocol (coco.h, coco_problem.h, coco_runner.h):
online convex optimisation with time-varying constraints, long-term budgets
and predictions.

Round t: :meth:`Coco.predict` plays x_t, :meth:`Coco.update` feeds the
linearised feedback (∇f_t(x_t), g_t(x_t), J_t(x_t)).  :class:`Problem` is a
built-in family, :func:`run` the library's runner (as ``oco run coco``)."""
from __future__ import annotations

import ctypes
import math
from ctypes import byref, c_int
from dataclasses import dataclass, field
from typing import Mapping, Optional

import numpy as np

from . import _lib
from ._core import (Handle, Params, StrPath, as_f64, check, check_ptr, dptr, out_array, s,
                    algo_rng, state_path)
from ._lib import lib
from .learner import Domain
from .registry import _find_info

__all__ = ["QuadMap", "Coco", "Problem", "RunResult", "run", "hindsight"]

OCO_COCO_CONSUMPTION, OCO_COCO_LONG_TERM = 1 << 3, 1 << 4
_BOXED = ("llp-exp1", "llp-exp2", "resource", "vertex-cover", "dr-submodular")


class QuadMap:
    """q_j(x) = ½ xᵀP_j x + ⟨A_j, x⟩ − b_j, j = 1..m (oco_quad_map): A (m, d),
    b (m) or None, P (m, d, d) or None.  Used for predictions."""

    def __init__(self, A, b=None, P=None):
        A = np.atleast_2d(as_f64(A))
        self.m, self.d = A.shape
        self.A = A
        self.b = None if b is None else as_f64(b, self.m, "b")
        self.P = None if P is None else as_f64(P, self.m * self.d * self.d, "P")
        self.c = _lib.oco_quad_map(self.m, self.d, dptr(self.P), dptr(self.A), dptr(self.b))

    def __repr__(self) -> str:
        return f"<oco.coco.QuadMap m={self.m} d={self.d}{' quadratic' if self.P is not None else ''}>"


def _domain_for(kind: str, d: int, domain) -> Domain:
    if isinstance(domain, Domain):
        return domain
    return Domain(domain or ("box:0,1" if kind in _BOXED else "ball:1"), d)


class Problem(Handle):
    """A built-in constrained-OCO family (coco_problem.h: "llp-exp1",
    "llp-exp2", "linear", "quadratic", "quadratic-constraints", "resource",
    "vertex-cover", "dr-submodular", "phase-retrieval") of T rounds from
    `seed`; domain: a Domain or a spec (default as ``oco run coco``: box:0,1
    for llp-exp*, resource and the worked covering classes, else ball:1)."""

    _free = lib.oco_coco_problem_free

    def __init__(self, kind: str, d: int, T: int, seed: int = 1, k: int = 0, domain=None):
        po = lib.oco_coco_problem_opts_default()
        kk = c_int()
        check(lib.oco_coco_problem_kind_parse(kind.encode(), byref(kk)))
        po.kind, po.d, po.k, po.T, po.seed = kk.value, d, k, T, seed
        self.kind = kind
        self.domain = _domain_for(kind, d, domain)
        self._ptr = check_ptr(lib.oco_coco_problem_new(byref(po), self.domain._p()))

    @property
    def d(self) -> int:
        return lib.oco_coco_problem_dim(self._p())

    @property
    def k(self) -> int:
        return lib.oco_coco_problem_nconstraints(self._p())

    @property
    def T(self) -> int:
        return lib.oco_coco_problem_horizon(self._p())

    @property
    def info(self) -> dict:
        i = lib.oco_coco_problem_get_info(self._p()).contents
        return {"G": i.G, "L_g": i.L_g, "g_max": i.g_max, "F": i.F, "alpha": i.alpha,
                "alpha_estimated": bool(i.alpha_estimated)}

    def rewind(self) -> None:
        """Back before round 1 (the next :meth:`next` generates round 1)."""
        lib.oco_coco_problem_rewind(self._p())

    def next(self) -> None:
        """Generate the next round (InvalidState after T rounds); feed it to an
        algorithm with :meth:`Coco.update_oracle`."""
        check(lib.oco_coco_problem_next(self._p()))

    @property
    def round(self) -> int:
        """The round generated last (0 after :meth:`rewind`)."""
        return lib.oco_coco_problem_round(self._p())

    def budget(self) -> np.ndarray:
        """B_T = Σ_t b_t of the constraints (k; oco_coco_problem_budget)."""
        B = np.zeros(self.k)
        check(lib.oco_coco_problem_budget(self._p(), dptr(B)))
        return B

    def __repr__(self) -> str:
        if self.closed:
            return "<oco.coco.Problem closed>"
        return f"<oco.coco.Problem {s(lib.oco_coco_problem_label(self._p()))} d={self.d} k={self.k} T={self.T}>"


class Coco(Handle):
    """A constrained-OCO algorithm (oco_coco): predict → update."""

    _free = lib.oco_coco_free

    def __init__(self, algo: str, domain: Domain, k: int, T: int = 0, *, G: float = 1.0,
                 L_g: float = 1.0, g_max: float = 1.0, F: float = 1.0, D: float = 0.0,
                 budget=None, alpha: float = 1.0,
                 params: Optional[Mapping[str, float]] = None, seed: Optional[int] = None,
                 _setup: Optional[_lib.oco_coco_setup] = None):
        """Algorithm `algo` ("llp-linearized", "lyapunov-adagrad", ... see
        ``oco.algorithms("coco")``) on `domain` with k constraints, horizon T
        and the bounds of coco.h (G, L_g, g_max, F, D, alpha); budget: B (k)
        of Σ_t g_t(x_t) <= B (None = 0)."""
        self.algo = algo
        info = _find_info(algo, "coco")
        self._type = check_ptr(lib.oco_coco_type_from_info(info))
        self.domain = domain
        if _setup is None:
            _setup = lib.oco_coco_setup_default()
            _setup.d, _setup.k, _setup.T = domain.d, k, T
            _setup.G, _setup.L_g, _setup.g_max, _setup.F, _setup.D = G, L_g, g_max, F, D
            _setup.alpha = alpha
        _setup.domain = domain._p()
        self._budget = None if budget is None else as_f64(budget, _setup.k, "budget").copy()
        _setup.budget = dptr(self._budget)
        self._rng = algo_rng(info.contents.flags, seed)
        if self._rng is not None:
            _setup.rng = ctypes.pointer(self._rng)
        self._setup = _setup
        self._params = Params(params)
        self._ptr = check_ptr(lib.oco_coco_new(self._type, byref(_setup), self._params.ptr,
                                               self._params.n))
        self.d, self.k = _setup.d, _setup.k
        self._x = np.zeros(self.d)

    @classmethod
    def for_problem(cls, algo: str, problem: Problem,
                    params: Optional[Mapping[str, float]] = None,
                    seed: Optional[int] = None) -> "Coco":
        """The algorithm told the problem's bounds (oco_coco_setup_from_problem)
        and, for a consumption algorithm (seed 003), the budget B_T, as
        ``oco run coco`` does."""
        st = _lib.oco_coco_setup()
        lib.oco_coco_setup_from_problem(problem._p(), byref(st))
        t = check_ptr(lib.oco_coco_type_from_info(_find_info(algo, "coco")))
        budget = problem.budget() if t.contents.needs & OCO_COCO_CONSUMPTION else None
        self = cls(algo, problem.domain, st.k, params=params, seed=seed, budget=budget,
                   _setup=st)
        self._problem = problem  # the fixed_cons of the setup points into it
        return self

    @property
    def needs(self) -> int:
        """OCO_COCO_NEEDS_* flags of the algorithm (coco.h)."""
        return self._type.contents.needs

    def predict(self, cost: Optional[QuadMap] = None, cons: Optional[QuadMap] = None,
                cons_value=None, out: Optional[np.ndarray] = None) -> np.ndarray:
        """Play x_t (a new array of d), optionally given predictions of the
        round's cost (m = 1) and constraints (m = k) in closed form and a
        point prediction of the constraint values (k).  out: as in
        :meth:`oco.learner.Learner.predict`."""
        pred = None
        if cost is not None or cons is not None or cons_value is not None:
            cv = None if cons_value is None else as_f64(cons_value, self.k, "cons_value")
            pred = _lib.oco_coco_prediction(ctypes.pointer(cost.c) if cost else None,
                                            ctypes.pointer(cons.c) if cons else None, dptr(cv))
        x = self._x if out is None else out_array(out, self.d)
        check(lib.oco_coco_predict(self._p(), byref(pred) if pred else None, dptr(x)))
        return x if out is not None else x.copy()

    def update(self, grad, g, J, value: float = math.nan) -> None:
        """Linearised feedback at x_t: ∇f_t(x_t) (d), g_t(x_t) (k), J_t(x_t)
        (k, d) and f_t(x_t) if known."""
        grad = as_f64(grad, self.d, "grad")
        g = as_f64(g, self.k, "g")
        J = as_f64(J, self.k * self.d, "J")
        fb = _lib.oco_coco_linear(dptr(grad), value, dptr(g), dptr(J))
        check(lib.oco_coco_update(self._p(), byref(fb)))

    def update_oracle(self, problem: Problem) -> None:
        """Feed the current round of `problem` (after :meth:`Problem.next`)
        through its counting oracles of f_t and g_t (oco_coco_update_oracle):
        the feedback of the algorithms that need more than the linearised
        one (closed forms: llp, llp2, mosp), linearised at x_t by the library
        for the others.  The constraint fed is g_t as the problem gives it:
        unlike :func:`run`, this does not turn it into the consumption c_t of
        an OCO_COCO_CONSUMPTION algorithm."""
        p = problem._p()
        cost = lib.oco_coco_problem_cost_oracle(p)
        cons = lib.oco_coco_problem_cons_oracle(p)
        fb = _lib.oco_coco_feedback(ctypes.pointer(cost), ctypes.pointer(cons))
        check(lib.oco_coco_update_oracle(self._p(), byref(fb)))

    def reset(self, x=None) -> None:
        x = None if x is None else as_f64(x, self.d, "x")
        check(lib.oco_coco_reset(self._p(), dptr(x)))

    def save_state(self, path: StrPath) -> None:
        """Checkpoint the algorithm's whole state to `path` (oco_coco_save_state;
        include/oco/state.h): between rounds or between predict and update;
        written atomically (path.tmp, renamed).  Raises
        :class:`oco.IOFailure` if the file cannot be written."""
        check(lib.oco_coco_save_state(self._p(), state_path(path)))

    def restore_state(self, path: StrPath) -> None:
        """Replace the algorithm's whole state by the one saved in `path`
        (oco_coco_restore_state): it must have been made with the same
        algorithm, domain, k, T, bounds, budget, fixed constraint and params;
        the rest of the run is then bit-identical to the saved run's (the
        saved rng state, if any, is written into this object's rng).  Raises
        :class:`oco.IOFailure` (missing or unreadable file) or
        :class:`oco.InvalidArgument` (a state of another algorithm, setup,
        params or library version, a corrupted or truncated file), leaving
        the algorithm as it was.  Nothing is cached on the Python side:
        :attr:`round` and :meth:`multipliers` read the restored state."""
        check(lib.oco_coco_restore_state(self._p(), state_path(path)))

    def multipliers(self) -> np.ndarray:
        """The dual variables the next predict uses (k)."""
        lam = np.zeros(self.k)
        check(lib.oco_coco_multipliers(self._p(), dptr(lam)))
        return lam

    @property
    def round(self) -> int:
        return lib.oco_coco_round(self._p())

    def __repr__(self) -> str:
        if self.closed:
            return f"<oco.coco.Coco {self.algo} closed>"
        return f"<oco.coco.Coco {self.algo} d={self.d} k={self.k} round={self.round}>"


_PRED = {"none": 0, "perfect": 1, "noisy": 2}
_BENCH = {"per-round": 0, "long-term": 1}


@dataclass
class RunResult:
    """oco_coco_run_result and the runner's optional outputs."""
    T: int
    loss: float
    comparator: float
    comparator_gap: float
    comparator_method: Optional[str]
    regret: float
    alpha_regret: float
    violation: float
    max_running_violation: float
    cost_calls: int
    cons_calls: int
    seconds: float
    constraint_sum: np.ndarray = field(repr=False)
    consumption: np.ndarray = field(repr=False)
    budget: np.ndarray = field(repr=False)


def default_benchmark(alg: Coco, problem: Problem) -> str:
    """The benchmark ``oco run coco`` uses by default: long-term for the
    algorithms with OCO_COCO_LONG_TERM and the worked classes, else per-round."""
    worked = problem.kind in ("vertex-cover", "dr-submodular", "phase-retrieval")
    return "long-term" if (alg.needs & OCO_COCO_LONG_TERM) or worked else "per-round"


def run(alg: Coco, problem: Problem, predictions: str = "none", *, pred_noise: float = 0.1,
        pred_seed: int = 1, benchmark: Optional[str] = None,
        hindsight: bool = True) -> RunResult:
    """Play the (fresh) algorithm on every round of the problem (oco_coco_run)
    with predictions "none", "perfect" or "noisy"; benchmark "per-round" or
    "long-term" (None: the CLI's default for the algorithm)."""
    o = lib.oco_coco_run_opts_default()
    o.predictions = _PRED[predictions]
    o.pred_noise, o.pred_seed = pred_noise, pred_seed
    o.benchmark = _BENCH[benchmark or default_benchmark(alg, problem)]
    o.hindsight = int(hindsight)
    k = alg.k
    csum, cons, bud = np.zeros(k), np.zeros(k), np.zeros(k)
    o.consumption, o.budget = dptr(cons), dptr(bud)
    r = _lib.oco_coco_run_result()
    check(lib.oco_coco_run(alg._p(), problem._p(), byref(o), byref(r), dptr(csum)))
    return RunResult(r.T, r.loss, r.comparator, r.comparator_gap, s(r.comparator_method),
                     r.regret, r.alpha_regret, r.violation, r.max_running_violation,
                     r.cost_calls, r.cons_calls, r.seconds, csum, cons, bud)


def hindsight(problem: Problem, benchmark: str = "per-round", budget=None) -> dict:
    """The benchmark's optimum and a minimiser (oco_coco_problem_hindsight)."""
    b = None if budget is None else as_f64(budget, problem.k, "budget")
    xs = np.zeros(problem.d)
    h = _lib.oco_coco_hindsight()
    check(lib.oco_coco_problem_hindsight(problem._p(), _BENCH[benchmark], dptr(b), dptr(xs),
                                         byref(h)))
    return {"comparator": h.comparator, "gap": h.gap, "method": s(h.method), "x_star": xs,
            "iterations": h.iterations}
