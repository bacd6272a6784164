"""The registry of algo.h: every built-in algorithm of every protocol, as the
dicts of ``oco list --json`` (tools/oco/cmd_list.c)."""
from __future__ import annotations

import math
from typing import Any, Dict, List, Optional

from . import _lib
from ._core import OCO_ALGO_ANYTIME, OCO_ALGO_OPTIMISTIC, check_ptr, s
from ._lib import lib

__all__ = ["algorithms", "find_algorithm", "PROTOCOLS"]

# algo.h oco_protocol, by CLI name.
PROTOCOLS = {"any": 0, "olp": 1, "oco": 2, "coco": 3, "bwk": 4, "oobc": 5}
OCO_COCO_NEEDS_FORM, OCO_COCO_NEEDS_FIXED = 1, 2


def protocol_code(protocol: Optional[str]) -> int:
    if protocol is None:
        return 0
    try:
        return PROTOCOLS[protocol]
    except KeyError:
        raise ValueError(f"unknown protocol {protocol!r} (known: {', '.join(PROTOCOLS)})")


def _info_dict(info: _lib.oco_algo_info) -> Dict[str, Any]:
    params = []
    for k in range(info.nparams):
        p = info.params[k]
        v = p.default_value
        params.append({"name": s(p.name), "default": v if math.isfinite(v) else None,
                       "default_text": s(p.default_text) or "", "doc": s(p.doc) or "",
                       "tag": s(p.tag) or ""})
    proto = s(lib.oco_protocol_name(info.protocol))
    d: Dict[str, Any] = {"name": s(info.name), "protocol": proto, "summary": s(info.summary),
                         "source": s(info.source), "derived": s(info.derived),
                         "params": params,
                         # cmd_list.c: every registry entry is playable by
                         # `oco run` (it prints "cli": true for all of them).
                         "cli": True}
    if proto in ("oco", "coco"):
        d["anytime"] = bool(info.flags & OCO_ALGO_ANYTIME)
        d["optimistic"] = bool(info.flags & OCO_ALGO_OPTIMISTIC)
    if proto == "coco":
        t = check_ptr(lib.oco_coco_type_from_info(info))
        d["stream"] = bool(lib.oco_coco_type_streams(t))
        d["needs_closed_form"] = bool(t.contents.needs & OCO_COCO_NEEDS_FORM)
        d["needs_fixed_constraint"] = bool(t.contents.needs & OCO_COCO_NEEDS_FIXED)
    return d


def algorithms(protocol: Optional[str] = None) -> List[Dict[str, Any]]:
    """Every registered algorithm (of `protocol` if given: "olp", "oco",
    "coco", "bwk", "oobc") in registry order, each a dict with the keys of an
    ``oco list --json`` "algorithms" entry: name, protocol, summary, source,
    derived, params (name, default (None if it depends on the instance),
    default_text, doc, tag), cli; oco and coco learners also anytime,
    optimistic; coco also stream, needs_closed_form, needs_fixed_constraint."""
    want = protocol_code(protocol)
    out = []
    for i in range(lib.oco_algo_count()):
        info = lib.oco_algo_at(i).contents
        if want and info.protocol != want:
            continue
        out.append(_info_dict(info))
    return out


def _find_info(name: str, protocol: Optional[str] = None):
    return check_ptr(lib.oco_algo_find(name.encode(), protocol_code(protocol)))


def find_algorithm(name: str, protocol: Optional[str] = None) -> Dict[str, Any]:
    """The registry entry `name` (of `protocol`, or of any), as a dict of
    :func:`algorithms`; raises :class:`oco.NotFound` listing the known names."""
    return _info_dict(_find_info(name, protocol).contents)


def flags(name: str, protocol: Optional[str] = None) -> int:
    return _find_info(name, protocol).contents.flags
