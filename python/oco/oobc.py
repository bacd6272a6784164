"""Strict budgets over short episodes (oobc.h, oobc_problem.h, oobc_model.h,
oobc_runner.h; seed 000, LAAU).

An episode of N steps: budgets B (M) are revealed, then for each step the
context c_t (p) arrives and the policy decides x_t in the box, never
exceeding the budget.  :class:`Class` is the problem ("fairness",
"multi-budget"), :class:`Data` a set of episodes, :class:`Model` the
network of LAAU / RL, :class:`Policy` plays episodes (begin(B), decide(c)),
:func:`run` plays a policy (or the hindsight optimum) on a data set, and
:func:`opt` solves one episode in hindsight."""
from __future__ import annotations

import ctypes
import math
from ctypes import byref, c_double
from dataclasses import dataclass, field
from typing import Mapping, Optional, Sequence, Tuple

import numpy as np

from . import _lib
from ._core import (Handle, Params, StrPath, as_f64, check, check_ptr, copy_out, dptr,
                    out_array, s, state_path)
from ._lib import lib
from .registry import _find_info

__all__ = ["Class", "Data", "Model", "Policy", "RunResult", "run", "opt", "TEST_FIRST"]

TEST_FIRST = 1000000000  # OCO_OOBC_TEST_FIRST: first episode of the CLI's test sets
_ACTIVATIONS = {"tanh": 0, "relu": 1, "softplus": 2, "sigmoid": 3}
_OUTPUTS = {None: 0, "default": 0, "softplus": 1, "exp": 2, "sigmoid": 3}
_KINDS = {"laau": 1, "rl": 2}


class Class(Handle):
    """A built-in problem class by name (oco_oobc_class_new): "fairness"
    (M = d = p = 1, utility c·log x) or "multi-budget" (M = 2, d types)."""

    _free = lib.oco_oobc_class_free

    def __init__(self, name: str, d: int = 0, x_min: Optional[float] = None,
                 x_max: Optional[float] = None):
        o = lib.oco_oobc_class_opts_default()
        o.d = d
        if x_min is not None:
            o.x_min = x_min
        if x_max is not None:
            o.x_max = x_max
        self._ptr = check_ptr(lib.oco_oobc_class_new(name.encode(), byref(o)))

    def _c(self) -> _lib.oco_oobc_class:
        return self._p().contents

    name = property(lambda self: s(self._c().name))
    d = property(lambda self: self._c().d, doc="decision dimension")
    M = property(lambda self: self._c().M, doc="resources")
    p = property(lambda self: self._c().p, doc="context entries per step")

    @property
    def box(self) -> Tuple[np.ndarray, np.ndarray]:
        c = self._c()
        return copy_out(c.lo, c.d), copy_out(c.hi, c.d)

    @staticmethod
    def names() -> str:
        return s(lib.oco_oobc_class_names())

    def __repr__(self) -> str:
        if self.closed:
            return "<oco.oobc.Class closed>"
        return f"<oco.oobc.Class {self.name} d={self.d} M={self.M} p={self.p}>"


class Data(Handle):
    """A set of n episodes of N steps: budgets B (n, M) and contexts
    c (n, N, p) (oco_oobc_data)."""

    _free = lib.oco_oobc_data_free

    def __init__(self, B, c, label: str = ""):
        """Episodes from arrays: B (n, M), c (n, N, p)."""
        c = np.asarray(c, dtype=np.float64)
        if c.ndim == 2:
            c = c[:, :, None]
        n, N, p = c.shape
        B = np.asarray(B, dtype=np.float64).reshape(n, -1)
        M = B.shape[1]
        self._ptr = check_ptr(lib.oco_oobc_data_new(n, N, M, p))
        st = self._ptr.contents
        ctypes.memmove(st.B, as_f64(B).ctypes.data, 8 * n * M)
        ctypes.memmove(st.c, as_f64(c).ctypes.data, 8 * n * N * p)
        st.label = label.encode()[:127]

    @classmethod
    def _wrap(cls, ptr) -> "Data":
        self = cls.__new__(cls)
        self._ptr = check_ptr(ptr)
        return self

    @classmethod
    def synthetic(cls, klass: Class, N: int, n: int, seed: int = 1, first: int = 0) -> "Data":
        """n synthetic episodes (diurnal sine + AR(1) stand-in), episodes
        first..first+n−1 of seed; ``oco run oobc --instances n`` draws its test
        set from first = TEST_FIRST."""
        so = lib.oco_oobc_synth_opts_default()
        so.first = first
        return cls._wrap(lib.oco_oobc_data_synthetic(klass._p(), N, n, seed, byref(so)))

    @classmethod
    def read_csv(cls, path: str, klass: Class) -> "Data":
        """An instances file (header B,c1,...,cN for M = p = 1)."""
        return cls._wrap(lib.oco_oobc_data_read_csv(str(path).encode(), klass._p()))

    def write_csv(self, path: str) -> None:
        check(lib.oco_oobc_data_write_csv(self._p(), str(path).encode()))

    def _c(self):
        return self._p().contents

    n = property(lambda self: self._c().n, doc="episodes")
    N = property(lambda self: self._c().N, doc="steps per episode")
    M = property(lambda self: self._c().M)
    p = property(lambda self: self._c().p)
    label = property(lambda self: self._c().label.decode())

    @property
    def B(self) -> np.ndarray:
        """Budgets (a copy, (n, M))."""
        return copy_out(self._c().B, self.n * self.M).reshape(self.n, self.M)

    @property
    def c(self) -> np.ndarray:
        """Contexts (a copy, (n, N, p))."""
        return copy_out(self._c().c, self.n * self.N * self.p).reshape(self.n, self.N, self.p)

    def __len__(self) -> int:
        return self.n

    def __repr__(self) -> str:
        if self.closed:
            return "<oco.oobc.Data closed>"
        return f"<oco.oobc.Data n={self.n} N={self.N} M={self.M} p={self.p} {self.label!r}>"


class Model(Handle):
    """The network of LAAU (kind "laau": predicts λ) or of the end-to-end RL
    baseline ("rl": predicts x), with its versioned JSON file."""

    _free = lib.oco_oobc_model_free

    def __init__(self, klass: Class, N: int, kind: str = "laau", *,
                 hidden: Sequence[int] = (10, 10), activation: str = "tanh",
                 output: Optional[str] = None, seed: int = 1, b_scale=None):
        """A new, untrained network for `klass` and episodes of N steps
        (oco_oobc_model_new; Glorot-uniform weights from `seed`)."""
        o = lib.oco_oobc_model_opts_default()
        o.kind = _KINDS[kind]
        o.nhidden = len(hidden)
        for i, h in enumerate(hidden):
            o.hidden[i] = h
        o.activation = _ACTIVATIONS[activation]
        o.output = _OUTPUTS[output]
        o.seed = seed
        bs = None if b_scale is None else as_f64(b_scale, klass.M, "b_scale")
        self._ptr = check_ptr(lib.oco_oobc_model_new(klass._p(), N, byref(o), dptr(bs)))

    @classmethod
    def new(cls, klass: Class, N: int, kind: str = "laau", **opts) -> "Model":
        """The same as ``Model(klass, N, kind, **opts)`` (oco_oobc_model_new)."""
        return cls(klass, N, kind, **opts)

    @classmethod
    def load(cls, path: str) -> "Model":
        """A model file written by :meth:`save` or ``oco train``."""
        self = cls.__new__(cls)
        self._ptr = check_ptr(lib.oco_oobc_model_load(str(path).encode()))
        return self

    def save(self, path: str) -> None:
        """Write the versioned, checksummed JSON file (atomically: path.tmp, renamed)."""
        check(lib.oco_oobc_model_save(self._p(), str(path).encode()))

    def train(self, klass: Class, train: Data, val: Optional[Data] = None, *,
              epochs: Optional[int] = None, epochs_lr1: Optional[int] = None,
              seed: Optional[int] = None, online: bool = False, **opts) -> dict:
        """Train by backpropagation through the unrolled episode
        (oco_oobc_train); keyword options are the fields of
        oco_oobc_train_opts (lr1, lr2, batch, keep_best, online_step, ...)."""
        o = lib.oco_oobc_train_opts_default()
        if epochs is not None:
            o.epochs = epochs
            if epochs_lr1 is None:  # as `oco train`: the paper's 50 of 80, round(5E/8)
                epochs_lr1 = int(math.floor(5.0 * epochs / 8.0 + 0.5))
        if epochs_lr1 is not None:
            o.epochs_lr1 = epochs_lr1
        if seed is not None:
            o.seed = seed
        o.online = int(online)
        names = {f[0] for f in _lib.oco_oobc_train_opts._fields_} - {"progress", "ctx"}
        for k, v in opts.items():
            if k not in names:
                raise TypeError(f"unknown training option {k!r}")
            setattr(o, k, v)
        rep = _lib.oco_oobc_train_report()
        check(lib.oco_oobc_train(self._p(), klass._p(), train._p(),
                                 val._p() if val is not None else None, byref(o), byref(rep)))
        return {"epochs_run": rep.epochs_run, "best_epoch": rep.best_epoch,
                "best_val_utility": rep.best_val_utility,
                "final_train_utility": rep.final_train_utility, "seconds": rep.seconds}

    kind = property(lambda self: s(lib.oco_oobc_model_kind_name(
        lib.oco_oobc_model_get_kind(self._p()))))
    problem = property(lambda self: s(lib.oco_oobc_model_problem(self._p())))
    N = property(lambda self: lib.oco_oobc_model_N(self._p()))

    @property
    def weights(self) -> np.ndarray:
        """The weights in the file's order (a copy)."""
        p = self._p()
        return copy_out(lib.oco_oobc_model_weights(p), lib.oco_oobc_model_nweights(p))

    @weights.setter
    def weights(self, w) -> None:
        p = self._p()
        n = lib.oco_oobc_model_nweights(p)
        w = as_f64(w, n, "weights")
        ctypes.memmove(lib.oco_oobc_model_weights(p), w.ctypes.data, 8 * n)

    def __repr__(self) -> str:
        if self.closed:
            return "<oco.oobc.Model closed>"
        return f"<oco.oobc.Model {self.kind} {self.problem} N={self.N} weights={self.weights.size}>"


class Policy(Handle):
    """An OOBC policy (oco_oobc): ``begin(B)``, then ``decide(c)`` N times."""

    _free = lib.oco_oobc_free

    def __init__(self, algo: str, klass: Class, N: int, *, model: Optional[Model] = None,
                 train: Optional[Data] = None, params: Optional[Mapping[str, float]] = None):
        """Policy `algo` ("laau", "equal", "dgd", ... see
        ``oco.algorithms("oobc")``) for `klass` and episodes of N steps; laau
        and rl need a trained `model`, avg-lt and cr-pursuit a `train` set."""
        self.algo = algo
        self._type = check_ptr(lib.oco_oobc_type_from_info(_find_info(algo, "oobc")))
        self._keep = (klass, model, train)  # the setup points to them
        st = lib.oco_oobc_setup_default()
        st.cls, st.N = klass._p(), N
        st.model = model._p() if model is not None else None
        st.train = train._p() if train is not None else None
        self._params = Params(params)
        self._ptr = check_ptr(lib.oco_oobc_new(self._type, byref(st), self._params.ptr,
                                               self._params.n))
        self.klass, self.N = klass, N
        self.M, self.d, self.p = klass.M, klass.d, klass.p
        self._x = np.zeros(self.d)

    def begin(self, B) -> None:
        """Start an episode with budgets B (M)."""
        check(lib.oco_oobc_begin(self._p(), dptr(as_f64(B, self.M, "B"))))

    def decide(self, c, out: Optional[np.ndarray] = None) -> np.ndarray:
        """The next step's decision x (d) for context c (p): a new array, or
        written into `out` (contiguous float64 of d, returned)."""
        x = self._x if out is None else out_array(out, self.d)
        check(lib.oco_oobc_decide(self._p(), dptr(as_f64(c, self.p, "c")), dptr(x)))
        return x if out is not None else x.copy()

    def episode(self, B, c) -> np.ndarray:
        """A whole episode: begin(B), then decide each row of c (N, p);
        returns the decisions (N, d)."""
        c = as_f64(c).reshape(-1, self.p)
        self.begin(B)
        return np.array([self.decide(row) for row in c]).reshape(len(c), self.d)

    def save_state(self, path: StrPath) -> None:
        """Checkpoint the policy at any point (before the first episode,
        between episodes, or after any step of one; oco_oobc_save_state;
        include/oco/state.h): the episode under way (steps, Σ l, B, the
        remaining b) and the policy's state; written atomically (path.tmp,
        renamed).  Raises :class:`oco.IOFailure` if the file cannot be
        written."""
        check(lib.oco_oobc_save_state(self._p(), state_path(path)))

    def restore_state(self, path: StrPath) -> None:
        """Replace the policy's whole state by the one saved in `path`
        (oco_oobc_restore_state): it must have been made with the same
        algorithm, class, N and params, and the same model weights (laau, rl)
        or training sample (avg-lt, cr-pursuit); an episode under way then
        goes on with :meth:`decide` exactly as the saved one would.  Raises
        :class:`oco.IOFailure` (missing or unreadable file) or
        :class:`oco.InvalidArgument` (a state of another algorithm, setup,
        model, training sample, params or library version, a corrupted or
        truncated file), leaving the policy as it was.  Nothing is cached on
        the Python side: :attr:`step`, :attr:`remaining` and
        :attr:`episode_loss` read the restored state."""
        check(lib.oco_oobc_restore_state(self._p(), state_path(path)))

    @property
    def step(self) -> int:
        return lib.oco_oobc_step(self._p())

    @property
    def remaining(self) -> np.ndarray:
        """The budget left b (M)."""
        return copy_out(lib.oco_oobc_remaining(self._p()), self.M)

    @property
    def episode_loss(self) -> float:
        """Σ l(x_t, c_t) so far (the utility is its negative)."""
        return lib.oco_oobc_episode_loss(self._p())

    def multiplier(self) -> np.ndarray:
        lam = np.zeros(self.M)
        check(lib.oco_oobc_multiplier(self._p(), dptr(lam)))
        return lam

    def __repr__(self) -> str:
        if self.closed:
            return f"<oco.oobc.Policy {self.algo} closed>"
        return f"<oco.oobc.Policy {self.algo} {self.klass.name} N={self.N} step={self.step}>"


@dataclass
class RunResult:
    """oco_oobc_run_result with the per-episode utilities."""
    n: int
    utility_mean: float
    utility_ci95: float
    utility_median: float
    utility_p25: float
    utility_p75: float
    opt_utility_mean: float
    remaining_fraction_mean: float
    budget_exceeded: int
    seconds: float
    utility: np.ndarray = field(repr=False)
    opt_utility: np.ndarray = field(repr=False)
    decisions: Optional[np.ndarray] = field(repr=False, default=None)


def run(policy: Optional[Policy], klass: Class, data: Data, with_opt: bool = True,
        decisions: bool = False) -> RunResult:
    """Play the policy (None: the hindsight optimum, "opt") on every episode
    of data (oco_oobc_run), as ``oco run oobc`` does."""
    o = lib.oco_oobc_run_opts_default()
    o.with_opt = int(with_opt)
    n = data.n
    dec = np.zeros((n, data.N, klass.d)) if decisions else None
    o.decisions = dptr(dec)
    r = _lib.oco_oobc_run_result()
    u, uo = np.zeros(n), np.full(n, math.nan)
    r.utility, r.opt_utility = dptr(u), dptr(uo)
    check(lib.oco_oobc_run(policy._p() if policy is not None else None, klass._p(), data._p(),
                           byref(o), byref(r)))
    return RunResult(r.n, r.utility_mean, r.utility_ci95, r.utility_median, r.utility_p25,
                     r.utility_p75, r.opt_utility_mean, r.remaining_fraction_mean,
                     r.budget_exceeded, r.seconds, u, uo, dec)


def opt(klass: Class, B, c) -> Tuple[float, np.ndarray]:
    """The hindsight optimum of one episode: (loss, x (N, d)) of
    min Σ_t l(x_t, c_t) s.t. Σ_t g(x_t, c_t) <= B (oco_oobc_opt)."""
    c = as_f64(c).reshape(-1, klass.p)
    N = c.shape[0]
    x = np.zeros((N, klass.d))
    loss = c_double()
    check(lib.oco_oobc_opt(klass._p(), N, dptr(as_f64(B, klass.M, "B")), dptr(c), dptr(x),
                           byref(loss)))
    return loss.value, x
