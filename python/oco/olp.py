"""The olp protocol (alloc.h, olp.h, hindsight.h, runner.h): online LP /
allocation, context first.

Round t: the order (c_t, a_t) is revealed, the policy decides x_t ∈ {0, 1}
and the budget is drawn down.  :class:`Instance` holds T orders,
:class:`Session` decides live, :func:`run` plays a policy on a whole
instance with the library's runner, :func:`hindsight_opt` solves the
offline LP max c·x s.t. Ax <= b, 0 <= x <= 1."""
from __future__ import annotations

import ctypes
from ctypes import byref, c_int, c_ubyte
from dataclasses import dataclass
from typing import Mapping, Optional

import numpy as np

from . import _lib
from ._core import (Handle, InvalidArgument, Params, StrPath, as_f64, check, check_ptr,
                    algo_rng, copy_out, dptr, s, seeded_rng, state_path)
from ._lib import lib
from .registry import _find_info

__all__ = ["Instance", "Session", "OlpSession", "RunResult", "OptResult", "generate", "run",
           "hindsight_opt", "dual_objective", "NTYPES"]

NTYPES = 10
_OPT_METHODS = {"auto": 0, "closed-form": 1, "clp": 2, "dual-bound": 3}


def _policy(algo: str):
    info = _find_info(algo, "olp")
    return check_ptr(lib.oco_olp_policy_from_info(info)), info.contents


class Instance(Handle):
    """T orders (rewards c, consumptions a of shape (T, m)) and the budget b
    (m), owned by the library (oco_olp_instance)."""

    _free = lib.oco_olp_instance_free

    def __init__(self, c, a, b):
        """An instance from arrays: c (T), a (T, m) (or T·m, row-major by
        order), b (m).  Validated (finite, b >= 0)."""
        c = as_f64(c).ravel()
        b = as_f64(b).ravel()
        T, m = c.size, b.size
        a = as_f64(a, T * m, "a")
        self._ptr = check_ptr(lib.oco_olp_instance_new(T, m))
        st = self._ptr.contents
        ctypes.memmove(st.c, c.ctypes.data, 8 * T)
        ctypes.memmove(st.a, a.ctypes.data, 8 * T * m)
        ctypes.memmove(st.b, b.ctypes.data, 8 * m)
        check(lib.oco_olp_instance_validate(self._ptr))

    @classmethod
    def _wrap(cls, ptr) -> "Instance":
        self = cls.__new__(cls)
        self._ptr = check_ptr(ptr)
        return self

    @classmethod
    def from_csv(cls, path: str, b) -> "Instance":
        """Orders from a CSV file with header c,a1,...,am; b the budget (m)."""
        b = as_f64(b).ravel()
        return cls._wrap(lib.oco_olp_read_csv(str(path).encode(), dptr(b), b.size))

    @property
    def T(self) -> int:
        return self._p().contents.T

    @property
    def m(self) -> int:
        return self._p().contents.m

    @property
    def c(self) -> np.ndarray:
        """The rewards (a copy, shape (T,))."""
        return copy_out(self._p().contents.c, self.T)

    @property
    def a(self) -> np.ndarray:
        """The consumptions (a copy, shape (T, m))."""
        return copy_out(self._p().contents.a, self.T * self.m).reshape(self.T, self.m)

    @property
    def b(self) -> np.ndarray:
        """The total budget (a copy, shape (m,))."""
        return copy_out(self._p().contents.b, self.m)

    def __repr__(self) -> str:
        if self.closed:
            return "<oco.olp.Instance closed>"
        return f"<oco.olp.Instance T={self.T} m={self.m} b={self.b.tolist()}>"


def generate(type: int, m: int, T: int, seed: int = 1, stream: int = 0) -> Instance:
    """Draw an instance of generator `type` (1..10, olp_laau.md §1.10) from
    oco_rng stream `stream` of `seed`; stream 0 is what
    ``oco run olp --gen TYPE --seed S`` draws."""
    rng = seeded_rng(seed, stream)
    return Instance._wrap(lib.oco_olp_generate(int(type), m, T, byref(rng)))


def _session_opts(hard_budget: bool, zero_violation: bool,
                  zero_violation_k: Optional[float]) -> _lib.oco_olp_session_opts:
    so = _lib.oco_olp_session_opts()
    so.hard_budget = int(bool(hard_budget))
    so.zero_violation = int(bool(zero_violation or zero_violation_k is not None))
    so.zero_violation_k = 0.0 if zero_violation_k is None else float(zero_violation_k)
    return so


class Session(Handle):
    """A live decision session (oco_olp_session): a policy, its remaining
    budget and its round.  ``oco stream olp`` and the runner drive the same
    object, so they make the same decisions."""

    _free = lib.oco_olp_session_free

    def __init__(self, algo: str, T: int, b, params: Optional[Mapping[str, float]] = None, *,
                 hard_budget: bool = False, zero_violation: bool = False,
                 zero_violation_k: Optional[float] = None, seed: Optional[int] = None):
        """Policy `algo` ("dual-subgradient", ... see ``oco.algorithms("olp")``)
        for T orders and total budget b (m).  params: key=value of its
        parameter table.  seed: the generator (stream 0 of seed) of a
        randomized policy (required for those, ignored otherwise)."""
        self.algo = algo
        self._type, info = _policy(algo)
        self._b = as_f64(b).ravel().copy()
        self.m = self._b.size
        self._params = Params(params)
        self._rng = algo_rng(info.flags, seed)
        setup = _lib.oco_olp_setup(T, self.m, dptr(self._b),
                                   ctypes.pointer(self._rng) if self._rng else None)
        so = _session_opts(hard_budget, zero_violation, zero_violation_k)
        self._ptr = check_ptr(lib.oco_olp_session_new(self._type, byref(setup), self._params.ptr,
                                                      self._params.n, byref(so)))
        self.T = T
        self._x = c_int()

    def step(self, c: float, a) -> int:
        """Decide order (c, a) (a: m consumptions); returns x ∈ {0, 1}."""
        a = as_f64(a, self.m, "a")
        check(lib.oco_olp_session_step(self._p(), float(c), dptr(a), byref(self._x)))
        return self._x.value

    def reset(self, y=None) -> None:
        """Start again at round 0 with the full budget (the policy restarted at
        price y (m), or at its initial price if None)."""
        y = None if y is None else as_f64(y, self.m, "y")
        check(lib.oco_olp_session_reset(self._p(), dptr(y)))

    def save_state(self, path: StrPath) -> None:
        """Checkpoint the session between rounds, at any round 0..T
        (oco_olp_session_save_state; include/oco/state.h): its round,
        reward, remaining budget, zero-violation add-on, last phase label,
        rng and the policy's state; written atomically (path.tmp, renamed).
        Raises :class:`oco.IOFailure` if the file cannot be written."""
        check(lib.oco_olp_session_save_state(self._p(), state_path(path)))

    def restore_state(self, path: StrPath) -> None:
        """Replace the session's whole state by the one saved in `path`
        (oco_olp_session_restore_state): it must have been made with the same
        policy, T, b, options (hard_budget, zero_violation) and params; the
        rest of the run then decides as the saved run did (a randomized
        policy's rng gets the saved state, whatever its seed).  The
        re-solving policies (ahdl, wait-less-*, dla, one-time-learning)
        replay the saved orders, so this costs their first rounds' re-solves.
        Raises :class:`oco.IOFailure` (missing or unreadable file) or
        :class:`oco.InvalidArgument` (a state of another policy, setup,
        options, params or library version, a corrupted or truncated file),
        leaving the session as it was.  Nothing is cached on the Python side:
        :attr:`round`, :attr:`reward`, :attr:`remaining`, :attr:`dual` and
        :attr:`phase` read the restored state."""
        check(lib.oco_olp_session_restore_state(self._p(), state_path(path)))

    @property
    def round(self) -> int:
        return lib.oco_olp_session_round(self._p())

    @property
    def remaining(self) -> np.ndarray:
        """b − Σ a_t x_t (a copy, m)."""
        return copy_out(lib.oco_olp_session_remaining(self._p()), self.m)

    @property
    def reward(self) -> float:
        return lib.oco_olp_session_reward(self._p())

    @property
    def accepted(self) -> int:
        return lib.oco_olp_session_accepted(self._p())

    @property
    def dual(self) -> Optional[np.ndarray]:
        """The policy's current price y (m), or None if it has none."""
        p = lib.oco_olp_session_dual(self._p())
        return copy_out(p, self.m) if p else None

    @property
    def phase(self) -> Optional[str]:
        """The policy's label of the path that decided the last order, if any."""
        return s(lib.oco_olp_session_phase(self._p()))

    @property
    def zero_violation_rejected(self) -> int:
        """Orders the zero-violation add-on rejected so far (0 when off)."""
        return lib.oco_olp_session_zero_violation_rejected(self._p())

    def __repr__(self) -> str:
        if self.closed:
            return f"<oco.olp.Session {self.algo} closed>"
        return (f"<oco.olp.Session {self.algo} T={self.T} m={self.m} round={self.round} "
                f"reward={self.reward:.6g}>")


OlpSession = Session


@dataclass
class RunResult:
    """Metrics of :func:`run` (olp_laau.md §1.1)."""
    reward: float
    violation: float
    accepted: int
    seconds: float
    decisions_per_second: float
    decisions: np.ndarray  # (T,) uint8, each x_t
    remaining: np.ndarray  # (m,) b − A x


def run(algo: str, instance: Instance, params: Optional[Mapping[str, float]] = None, *,
        hard_budget: bool = False, zero_violation: bool = False,
        zero_violation_k: Optional[float] = None, seed: Optional[int] = None) -> RunResult:
    """Play policy `algo` on every order of `instance` with the library's runner
    (oco_olp_run), as ``oco run olp`` does."""
    typ, info = _policy(algo)
    pp = Params(params)
    ro = _lib.oco_olp_run_opts()
    ro.session = _session_opts(hard_budget, zero_violation, zero_violation_k)
    rng = algo_rng(info.flags, seed)
    if rng is not None:
        ro.rng = ctypes.pointer(rng)
    T, m = instance.T, instance.m
    dec = np.zeros(T, dtype=np.uint8)
    rem = np.zeros(m)
    met = _lib.oco_olp_metrics()
    check(lib.oco_olp_run(typ, pp.ptr, pp.n, instance._p(), byref(ro),
                          dec.ctypes.data_as(ctypes.POINTER(c_ubyte)), dptr(rem), byref(met)))
    return RunResult(met.reward, met.violation, met.accepted, met.seconds,
                     met.decisions_per_second, dec, rem)


def dual_objective(instance: Instance, y) -> float:
    """D(y) = <b, y> + Σ_t (c_t − <a_t, y>)_+ for y >= 0: an upper bound on OPT_LP."""
    return lib.oco_olp_dual_objective(instance._p(), dptr(as_f64(y, instance.m, "y")))


@dataclass
class OptResult:
    """The hindsight LP optimum (hindsight.h)."""
    value: float
    kind: str     # "exact" or "upper_bound"
    method: str   # "closed-form", "clp" or "dual-bound"
    seconds: float
    y: np.ndarray  # an optimal (or the bounding) dual price, (m,)


def hindsight_opt(instance: Instance, method: str = "auto",
                  time_limit: float = 0.0) -> OptResult:
    """OPT_LP = max c·x s.t. Ax <= b, 0 <= x <= 1 (oco_olp_opt_solve); method
    "auto", "closed-form" (m = 1), "clp" or "dual-bound"."""
    if method not in _OPT_METHODS:
        raise InvalidArgument(-1, f"unknown method {method!r} ({', '.join(_OPT_METHODS)})")
    oo = lib.oco_olp_opt_opts_default()
    oo.method = _OPT_METHODS[method]
    oo.time_limit = time_limit
    out = _lib.oco_olp_opt()
    y = np.zeros(instance.m)
    check(lib.oco_olp_opt_solve(instance._p(), byref(oo), byref(out), dptr(y)))
    return OptResult(out.value, "exact" if out.kind == 0 else "upper_bound", s(out.method),
                     out.seconds, y)
