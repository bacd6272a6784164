"""Errors, parameter tables and array helpers shared by the protocol modules."""
from __future__ import annotations

import ctypes
import os
from ctypes import POINTER, c_double
from typing import Mapping, Optional, Union

import numpy as np

from . import _lib
from ._lib import lib

# oco_algo_info.flags (include/oco/algo.h)
OCO_ALGO_ANYTIME, OCO_ALGO_OPTIMISTIC, OCO_ALGO_RANDOMIZED, OCO_ALGO_RESETTABLE = 1, 2, 4, 8

__all__ = ["OcoError", "InvalidArgument", "OutOfMemory", "IOFailure", "ParseError",
           "SolverError", "Infeasible", "Unbounded", "LimitReached", "NotFound",
           "InvalidState"]


class OcoError(Exception):
    """A failure reported by liboco: ``code`` is the negative OCO_E* code,
    ``name`` its symbolic name ("OCO_EINVAL", ...) and ``message`` the
    library's oco_last_error() text (``str(err)`` is that message)."""

    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code
        self.message = message
        n = lib.oco_err_name(code)
        self.name = n.decode() if n else "OCO_E?"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name}, {self.message!r})"


class InvalidArgument(OcoError, ValueError):
    """OCO_EINVAL: a dimension, NaN/Inf, sign or name is wrong."""


class OutOfMemory(OcoError, MemoryError):
    """OCO_ENOMEM."""


class IOFailure(OcoError, OSError):
    """OCO_EIO: a file could not be opened, read or written."""


class ParseError(OcoError):
    """OCO_EPARSE: malformed text (file:line:column in the message)."""


class SolverError(OcoError):
    """OCO_ESOLVER."""


class Infeasible(OcoError):
    """OCO_EINFEASIBLE."""


class Unbounded(OcoError):
    """OCO_EUNBOUNDED."""


class LimitReached(OcoError):
    """OCO_ELIMIT."""


class NotFound(OcoError, LookupError):
    """OCO_ENOTFOUND: a named algorithm, problem or experiment."""


class InvalidState(OcoError):
    """OCO_ESTATE: a call out of order (e.g. after the horizon)."""


_BY_CODE = {-1: InvalidArgument, -2: OutOfMemory, -3: IOFailure, -4: ParseError,
            -5: SolverError, -6: Infeasible, -7: Unbounded, -8: LimitReached, -9: NotFound,
            -10: InvalidState}


def error(code: Optional[int] = None) -> OcoError:
    """The exception for the thread's last error (or for `code`)."""
    if code is None or code == 0:
        code = lib.oco_last_error_code() or -1
    msg = lib.oco_last_error().decode(errors="replace")
    if not msg:
        msg = lib.oco_strerror(code).decode()
    return _BY_CODE.get(code, OcoError)(code, msg)


def check(rc: int) -> int:
    """Raise OcoError for a negative return code."""
    if rc < 0:
        raise error(rc)
    return rc


def check_ptr(p):
    """Raise OcoError for a NULL pointer returned by a constructor."""
    if not p:
        raise error()
    return p


def clear() -> None:
    lib.oco_clear_error()


class Params:
    """A key=value table as the C API takes it (keeps the key bytes alive)."""

    def __init__(self, params: Optional[Mapping[str, float]] = None):
        items = list((params or {}).items())
        self._keys = [str(k).encode() for k, _ in items]
        self.n = len(items)
        self.array = (_lib.oco_param * max(self.n, 1))()
        for i, (k, v) in enumerate(items):
            self.array[i].key = self._keys[i]
            self.array[i].value = float(v)

    @property
    def ptr(self):
        return self.array if self.n else None


def as_f64(x, n: Optional[int] = None, what: str = "array") -> np.ndarray:
    """A C-contiguous float64 array (no copy if x already is one)."""
    a = np.ascontiguousarray(x, dtype=np.float64)
    if n is not None and a.size != n:
        raise InvalidArgument(-1, f"{what}: expected {n} entries, got {a.size}")
    return a


def out_array(out: np.ndarray, n: int) -> np.ndarray:
    """Check a caller's output array: C-contiguous, float64, writeable, n entries."""
    if not (isinstance(out, np.ndarray) and out.dtype == np.float64 and out.size == n and
            out.flags.c_contiguous and out.flags.writeable):
        raise InvalidArgument(-1, f"out: expected a writeable C-contiguous float64 array of "
                                  f"{n} entries")
    return out


def dptr(a: Optional[np.ndarray]):
    """double* into a float64 array (None -> NULL)."""
    if a is None:
        return None
    return a.ctypes.data_as(POINTER(c_double))


def copy_out(p, n: int) -> np.ndarray:
    """A new ndarray with n doubles read from a C pointer."""
    if not p:
        return np.empty(0)
    return np.ctypeslib.as_array(p, shape=(n,)).copy()


def s(b: Optional[bytes]) -> Optional[str]:
    return None if b is None else b.decode()


class Handle:
    """Base of the classes that own a C object: close() frees it (twice is
    fine), and they are context managers."""

    _free = None  # set by subclasses: the C free function
    _ptr = None

    def close(self) -> None:
        """Free the C object now (idempotent)."""
        p, self._ptr = self._ptr, None
        if p:
            type(self)._free(p)

    @property
    def closed(self) -> bool:
        return not self._ptr

    def _p(self):
        if not self._ptr:
            raise InvalidState(-10, f"{type(self).__name__} is closed")
        return self._ptr

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:  # interpreter shutdown
            pass


StrPath = Union[str, "os.PathLike[str]"]
"""A file name: str or os.PathLike (pathlib.Path)."""


def state_path(path: StrPath) -> bytes:
    """The bytes of a state file's name for the C API (TypeError if `path`
    is neither str nor os.PathLike)."""
    return os.fsencode(os.fspath(path))


def seeded_rng(seed: int, stream: int) -> _lib.oco_rng:
    r = _lib.oco_rng()
    lib.oco_rng_seed(ctypes.byref(r), seed, stream)
    return r


def algo_rng(flags: int, seed: Optional[int]) -> Optional[_lib.oco_rng]:
    """The rng an algorithm draws from: seeded (stream 0) for a randomized one
    (OCO_ALGO_RANDOMIZED in `flags`) when a seed is given, else None.  The
    caller keeps it alive: the C object points at it, and a restore_state
    writes the saved generator state back into it."""
    if seed is None or not flags & OCO_ALGO_RANDOMIZED:
        return None
    return seeded_rng(seed, 0)
