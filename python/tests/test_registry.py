"""oco.__version__, oco.algorithms() and the errors, against the CLI."""
import math

import pytest

import oco


def test_version_equals_cli(cli):
    out = cli("--version", json_out=False)
    assert oco.__version__ in out.split()
    assert oco.__version__ == oco.version()
    assert cli("list")["version"] == oco.__version__


def test_algorithms_equal_oco_list_json(cli):
    want = cli("list")["algorithms"]
    got = oco.algorithms()
    assert [a["name"] for a in got] == [a["name"] for a in want]
    for g, w in zip(got, want):
        assert g == w, g["name"]


def test_algorithms_filter_and_find():
    olp = oco.algorithms("olp")
    assert olp and all(a["protocol"] == "olp" for a in olp)
    assert sum(len(oco.algorithms(p)) for p in ("olp", "oco", "coco", "bwk", "oobc")) == \
        len(oco.algorithms())
    ds = oco.find_algorithm("dual-subgradient")
    assert ds == olp[0] or ds in olp
    alpha = [p for p in ds["params"] if p["name"] == "alpha"]
    assert alpha and alpha[0]["default"] is None and alpha[0]["default_text"]
    with pytest.raises(ValueError):
        oco.algorithms("nope")


def test_unknown_algorithm_raises_with_library_message():
    with pytest.raises(oco.NotFound) as e:
        oco.find_algorithm("no-such-algo", "olp")
    err = e.value
    assert isinstance(err, oco.OcoError) and isinstance(err, LookupError)
    assert err.code == -9 and err.name == "OCO_ENOTFOUND"
    assert "no-such-algo" in str(err) and "dual-subgradient" in str(err)
    assert "OCO_ENOTFOUND" in repr(err)


def test_bad_param_raises_invalid_argument_naming_key():
    with pytest.raises(oco.InvalidArgument) as e:
        oco.OlpSession("dual-subgradient", 10, [1.0], {"no_such_key": 1})
    assert e.value.code == -1 and "no_such_key" in str(e.value)
    with pytest.raises(oco.InvalidArgument):
        oco.OlpSession("dual-subgradient", 10, [1.0], {"alpha": math.inf})
