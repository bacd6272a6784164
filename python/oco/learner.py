"""The OCO protocol (learner.h, domain.h, losses.h, oco_runner.h): a learner
plays x_t ∈ X, then sees the gradient of f_t at x_t.

:class:`Domain` is the decision set, :class:`Learner` the algorithm
(predict → update, strictly alternating), :class:`LossSequence` a built-in
loss family with its exact hindsight comparator, :func:`run` the library's
runner (as ``oco run oco``)."""
from __future__ import annotations

import ctypes
import math
from ctypes import byref, c_double, c_int
from dataclasses import dataclass
from typing import Mapping, Optional, Tuple

import numpy as np

from . import _lib
from ._core import (Handle, Params, StrPath, as_f64, check, check_ptr, dptr, out_array, s,
                    algo_rng, state_path)
from ._lib import lib
from .registry import _find_info

__all__ = ["Domain", "Learner", "LossSequence", "RunResult", "run"]


class Domain(Handle):
    """A closed convex set X ⊂ R^d with exact projection: "ball:R", "box:a,b",
    "simplex", "orthant", "orthant-ball:R" (oco_domain_parse)."""

    _free = lib.oco_domain_free

    def __init__(self, spec: str, d: int):
        self.spec = spec
        self._ptr = check_ptr(lib.oco_domain_parse(spec.encode(), d))
        self.d = d

    @property
    def diameter(self) -> float:
        return lib.oco_domain_diameter(self._p())

    def project(self, x) -> np.ndarray:
        """The Euclidean projection of x onto X (a new array)."""
        y = as_f64(x, self.d, "x").copy()
        check(lib.oco_domain_project(self._p(), dptr(y)))
        return y

    def contains(self, x, tol: float = 1e-9) -> bool:
        return bool(lib.oco_domain_contains(self._p(), dptr(as_f64(x, self.d, "x")), tol))

    def __repr__(self) -> str:
        return f"<oco.Domain {self.spec} d={self.d}{' closed' if self.closed else ''}>"


class Learner(Handle):
    """An OCO learner (oco_learner): ``predict()`` plays x_t, ``update(g)``
    feeds ∇f_t(x_t)."""

    _free = lib.oco_learner_free

    def __init__(self, algo: str, domain: Domain, T: int = 0, *, G: float = 1.0,
                 D: float = 0.0, L: float = 0.0, lam: float = 0.0, alpha: float = 0.0,
                 params: Optional[Mapping[str, float]] = None, seed: Optional[int] = None,
                 _setup: Optional[_lib.oco_learner_setup] = None):
        """Learner `algo` ("ogd", "ons", "universal", ... see
        ``oco.algorithms("oco")``) on `domain` with horizon T (0: unknown,
        anytime learners only) and the bounds of learner.h: G (gradient norm),
        D (diameter, 0 = the domain's), L (smoothness), lam (strong convexity),
        alpha (exp-concavity); 0 = not given.  seed: stream 0 of seed for a
        randomized learner."""
        self.algo = algo
        info = _find_info(algo, "oco")
        self._type = check_ptr(lib.oco_learner_type_from_info(info))
        self.domain = domain  # keep it alive: the learner points to it
        if _setup is None:
            _setup = lib.oco_learner_setup_default()
            _setup.d, _setup.T, _setup.G, _setup.D = domain.d, T, G, D
            setattr(_setup, "L", L)
            setattr(_setup, "lambda", lam)
            _setup.alpha = alpha
        _setup.domain = domain._p()
        self._rng = algo_rng(info.contents.flags, seed)
        if self._rng is not None:
            _setup.rng = ctypes.pointer(self._rng)
        self._setup = _setup
        self._params = Params(params)
        self._ptr = check_ptr(lib.oco_learner_new(self._type, byref(_setup), self._params.ptr,
                                                  self._params.n))
        self.d = domain.d
        self._x = np.zeros(self.d)

    @classmethod
    def for_losses(cls, algo: str, seq: "LossSequence",
                   params: Optional[Mapping[str, float]] = None,
                   seed: Optional[int] = None) -> "Learner":
        """A learner told the sequence's valid bounds (d, T, G, L, λ, α) and
        domain (oco_learner_setup_from_losses), as ``oco run oco`` does."""
        st = _lib.oco_learner_setup()
        lib.oco_learner_setup_from_losses(seq._p(), seq.domain._p(), byref(st))
        return cls(algo, seq.domain, params=params, seed=seed, _setup=st)

    def predict(self, hint=None, out: Optional[np.ndarray] = None) -> np.ndarray:
        """Play x_t: a new array of d, or written into `out` (a contiguous
        float64 array of d, returned; no allocation per round); hint: an
        optional guess of the coming gradient (optimistic learners)."""
        h = None if hint is None else as_f64(hint, self.d, "hint")
        x = self._x if out is None else out_array(out, self.d)
        check(lib.oco_learner_predict(self._p(), dptr(h), dptr(x)))
        return x if out is not None else x.copy()

    def update(self, grad, value: float = math.nan) -> None:
        """Feed g_t = ∇f_t(x_t) (d) and, if known, f_t(x_t)."""
        check(lib.oco_learner_update(self._p(), dptr(as_f64(grad, self.d, "grad")), value))

    def update_oracle(self, seq: "LossSequence") -> None:
        """Feed f_t, the current round of `seq` (after :meth:`LossSequence.next`),
        through its counting gradient oracle (oco_learner_update_oracle):
        required by learners that query several points (universal-multigrad),
        one query at x_t for the others."""
        o = lib.oco_loss_seq_oracle(seq._p())
        check(lib.oco_learner_update_oracle(self._p(), byref(o)))

    def reset(self, x=None) -> None:
        """Start again at round 0 (next predict plays x, or x_1 if None)."""
        x = None if x is None else as_f64(x, self.d, "x")
        check(lib.oco_learner_reset(self._p(), dptr(x)))

    @property
    def round(self) -> int:
        """Completed rounds (updates)."""
        return lib.oco_learner_round(self._p())

    def save_state(self, path: StrPath) -> None:
        """Checkpoint the learner's whole state to `path` (oco_learner_save_state;
        include/oco/state.h): at any point of the round cycle, also between
        predict and update; written atomically (path.tmp, renamed).  Raises
        :class:`oco.IOFailure` if the file cannot be written."""
        check(lib.oco_learner_save_state(self._p(), state_path(path)))

    def restore_state(self, path: StrPath) -> None:
        """Replace the learner's whole state by the one saved in `path`
        (oco_learner_restore_state): the learner must have been made with the
        same algorithm, domain, bounds, T, params and seeded-or-not rng; the
        rest of the run is then bit-identical to the saved run's.  For a
        randomized learner the saved generator state is written into this
        learner's rng.  Raises :class:`oco.IOFailure` (missing or unreadable
        file) or :class:`oco.InvalidArgument` (a state of another algorithm,
        setup, params or library version, a corrupted or truncated file),
        leaving the learner as it was.  Nothing is cached on the Python side:
        :attr:`round` reads the restored round."""
        check(lib.oco_learner_restore_state(self._p(), state_path(path)))

    def __repr__(self) -> str:
        if self.closed:
            return f"<oco.Learner {self.algo} closed>"
        return f"<oco.Learner {self.algo} d={self.d} round={self.round}>"


_LOSS_FIELDS = ("lambda", "spread", "noise", "G", "delta", "sign_p", "switch_at", "sigma",
                "Sigma", "sea_period")


class LossSequence(Handle):
    """A built-in loss family of losses.h ("quadratic", "squared",
    "linear-drift", "signs", "logistic", "switch", "sea", "sea-linear") on a
    domain, generated from `seed` (as ``oco run oco --loss KIND``)."""

    _free = lib.oco_loss_seq_free

    def __init__(self, kind: str, domain: Domain, T: int, seed: int = 1, **loss_params: float):
        """loss_params: the family's parameters (lambda, spread, noise, G,
        delta, sign_p, switch_at, sigma, Sigma, sea_period; losses.h)."""
        lo = lib.oco_loss_opts_default()
        k = c_int()
        check(lib.oco_loss_kind_parse(kind.encode(), byref(k)))
        lo.kind, lo.d, lo.T, lo.seed = k.value, domain.d, T, seed
        for key, v in loss_params.items():
            if key not in _LOSS_FIELDS:
                raise TypeError(f"unknown loss parameter {key!r} ({', '.join(_LOSS_FIELDS)})")
            setattr(lo, key, float(v))
        self.kind, self.domain, self.T, self.d = kind, domain, T, domain.d
        self._ptr = check_ptr(lib.oco_loss_seq_new(byref(lo), domain._p()))

    def rewind(self) -> None:
        lib.oco_loss_seq_rewind(self._p())

    def next(self) -> None:
        """Generate f_{t+1} (InvalidState after T rounds)."""
        check(lib.oco_loss_seq_next(self._p()))

    def eval(self, x) -> Tuple[float, np.ndarray]:
        """(f_t(x), ∇f_t(x)) of the current round."""
        g = np.zeros(self.d)
        v = c_double()
        check(lib.oco_loss_seq_eval(self._p(), dptr(as_f64(x, self.d, "x")), dptr(g), byref(v)))
        return v.value, g

    def hindsight(self) -> dict:
        """The comparator min_X Σ f_t, its minimiser, V_T (replays the sequence)."""
        h = _lib.oco_loss_hindsight()
        xs = np.zeros(self.d)
        check(lib.oco_loss_seq_hindsight(self._p(), dptr(xs), byref(h)))
        return {"comparator": h.comparator, "gap": h.gap, "V_T": h.VT,
                "vt_exact": bool(h.vt_exact), "method": s(h.method), "x_star": xs}

    def __repr__(self) -> str:
        return f"<oco.LossSequence {self.kind} d={self.d} T={self.T}{' closed' if self.closed else ''}>"


@dataclass
class RunResult:
    """oco_learner_run_result."""
    T: int
    loss: float
    comparator: float
    comparator_gap: float
    regret: float
    V_T: float
    vt_exact: bool
    grad_calls: int
    seconds: float


def run(learner: Learner, seq: LossSequence, hindsight: bool = True) -> RunResult:
    """Play the (fresh) learner on every round of seq (oco_learner_run)."""
    opts = lib.oco_learner_run_opts_default()
    opts.hindsight = int(hindsight)
    r = _lib.oco_learner_run_result()
    check(lib.oco_learner_run(learner._p(), seq._p(), byref(opts), byref(r)))
    return RunResult(r.T, r.loss, r.comparator, r.comparator_gap, r.regret, r.VT,
                     bool(r.vt_exact), r.grad_calls, r.seconds)
