"""oco — Python bindings of liboco (online decisions under budgets).

A thin ctypes layer over the shared library: numpy arrays in and out, every
C object wrapped in a class with ``close()`` and a context manager, every
library failure raised as :class:`OcoError` carrying oco_last_error() and the
code.  One module per protocol:

    oco.olp   online LP / allocation: Instance, Session, run, hindsight_opt
    oco.learner  OCO learners: Domain, Learner, LossSequence, run
    oco.coco  constrained OCO: Coco, Problem, run
    oco.bwk   bandits with knapsacks: Bandit, Problem, run
    oco.oobc  strict budgets over short episodes: Class, Data, Model, Policy, run, opt

The library is found through the environment variable OCO_LIB (path to
liboco.so), else the build tree (build/liboco.so next to the package's
python/ directory), else ctypes.util.find_library("oco"), else
"liboco.so.0".
"""
from ._lib import lib as _clib, library_path
from ._core import (OcoError, InvalidArgument, OutOfMemory, IOFailure, ParseError, SolverError,
                    Infeasible, Unbounded, LimitReached, NotFound, InvalidState)
from .registry import algorithms, find_algorithm
from . import olp, learner, coco, bwk, oobc
from .olp import OlpSession
from .learner import Learner, Domain

__version__: str = _clib.oco_version().decode()


def version() -> str:
    """The linked library's version (oco_version())."""
    return _clib.oco_version().decode()


__all__ = ["__version__", "version", "library_path", "algorithms", "find_algorithm",
           "OcoError", "InvalidArgument", "OutOfMemory", "IOFailure", "ParseError",
           "SolverError", "Infeasible", "Unbounded", "LimitReached", "NotFound",
           "InvalidState", "olp", "learner", "coco", "bwk", "oobc", "OlpSession", "Learner",
           "Domain"]
