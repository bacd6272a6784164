"""Reproduce the numbers of a report's figure from Python and check them
against the CLI.

The figure: `oco reproduce olp-alg1` (seed 002, Algorithm 1 with step
alpha = 1/sqrt(T)): mean regret + violation over seeds against T, per
(generator type, m), and its log-log slope (the paper's claim: 1/2).  This
script runs the same experiment through the Python bindings (the instance of
(type, m, T, seed k) is drawn from oco_rng stream job_stream(type, m, T) of
seed k, as src/experiments/exp_olp_alg1.c does), then

  1. runs `oco reproduce olp-alg1 --seeds K --T-max N` and checks every run
     (raw.csv), every point of the figure (series_type*_m*.csv) and every
     slope (slopes.csv) against the Python numbers;
  2. checks one run against `oco run olp ... --json` (stream 0 of the seed,
     the CLI's instance).

Usage: PYTHONPATH=python OCO_LIB=build/liboco.so \\
       python3 python/examples/reproduce_fig.py [--oco build/oco] [--seeds 4] [--T-max 10000]
Exit status 0 when every number agrees, 1 otherwise.
"""
import argparse
import csv
import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

import oco
from oco import olp

TYPES, MS = (1, 2), (1, 5)
ALL_TS = (100, 1000, 10000, 100000, 1000000)


def job_stream(type_: int, m: int, T: int) -> int:
    """exp_olp_alg1.c: an independent stream per (type, m, T)."""
    return (type_ << 56) ^ (m << 40) ^ T


def one_run(type_, m, T, seed, stream):
    """Algorithm 1 with alpha = 1/sqrt(T) on one instance: (reward, opt, violation)."""
    with olp.generate(type_, m, T, seed, stream=stream) as inst:
        r = olp.run("dual-subgradient", inst, {"alpha": 1.0 / math.sqrt(T)})
        o = olp.hindsight_opt(inst)
    return r.reward, o.value, r.violation


def loglog_slope(Ts, means):
    """Least-squares slope of log(mean) on log(T) over the positive means."""
    pts = [(math.log(T), math.log(y)) for T, y in zip(Ts, means) if y > 0]
    if len(pts) < 2:
        return math.nan
    x, y = np.array(pts).T
    return float(np.polyfit(x, y, 1)[0])


def close(a, b, rel=1e-12):
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_oco = os.environ.get("OCO") or str(Path(oco.library_path).resolve().parent / "oco")
    ap.add_argument("--oco", default=default_oco, help="the oco CLI (default: next to liboco.so)")
    ap.add_argument("--seeds", type=int, default=4)
    ap.add_argument("--T-max", type=int, default=10000)
    a = ap.parse_args()
    Ts = [T for T in ALL_TS if T <= a.T_max]
    K = a.seeds

    # The experiment in Python.
    runs = {}
    for t in TYPES:
        for m in MS:
            for T in Ts:
                for k in range(1, K + 1):
                    runs[(t, m, T, k)] = one_run(t, m, T, k, job_stream(t, m, T))
    means = {(t, m): [float(np.mean([runs[(t, m, T, k)][1] - runs[(t, m, T, k)][0] +
                                     runs[(t, m, T, k)][2] for k in range(1, K + 1)]))
                      for T in Ts] for t in TYPES for m in MS}

    print(f"olp-alg1 from Python (oco {oco.__version__}): mean regret + violation over "
          f"{K} seeds, Algorithm 1, alpha = 1/sqrt(T)")
    print("type  m  " + "".join(f"{'T=' + str(T):>14}" for T in Ts) + "   slope")
    for (t, m), ys in means.items():
        print(f"{t:4} {m:2}  " + "".join(f"{y:14.4f}" for y in ys) +
              f"   {loglog_slope(Ts, ys):.3f}")

    bad = 0
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([a.oco, "reproduce", "olp-alg1", "--seeds", str(K), "--T-max",
                        str(a.T_max), "--jobs", "1", "--out", out], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        d = Path(out) / "olp-alg1"
        raw = list(csv.DictReader(open(d / "raw.csv")))
        if len(raw) != len(runs):
            print(f"MISMATCH: raw.csv has {len(raw)} runs, Python {len(runs)}")
            bad += 1
        for row in raw:
            key = (int(row["type"]), int(row["m"]), int(row["T"]), int(row["seed"]))
            reward, opt, viol = runs[key]
            if (float(row["reward"]), float(row["opt"]), float(row["violation"])) != \
                    (reward, opt, viol):
                print("MISMATCH run", key, row["reward"], reward)
                bad += 1
        for (t, m), ys in means.items():
            series = list(csv.DictReader(open(d / f"series_type{t}_m{m}.csv")))
            if [int(r["T"]) for r in series] != Ts:
                print("MISMATCH T values of", t, m)
                bad += 1
            for r, y in zip(series, ys):
                if not close(float(r["rv_mean"]), y):
                    print("MISMATCH point", t, m, r["T"], r["rv_mean"], y)
                    bad += 1
        for r in csv.DictReader(open(d / "slopes.csv")):
            if r["metric"] != "rv":
                continue
            mine = loglog_slope(Ts, means[(int(r["type"]), int(r["m"]))])
            if not close(float(r["slope"]), mine, 1e-9):
                print("MISMATCH slope", r["type"], r["m"], r["slope"], mine)
                bad += 1
    print(f"oco reproduce olp-alg1: {len(raw)} runs, {len(means) * len(Ts)} points, "
          f"{len(means)} slopes compared: {'all equal' if not bad else f'{bad} differ'}")

    # One run against `oco run olp --json` (the CLI's instance: stream 0).
    T = Ts[-1]
    alpha = 1.0 / math.sqrt(T)
    p = subprocess.run([a.oco, "run", "olp", "--algo", "dual-subgradient", "--gen", "1",
                        "--m", "5", "--T", str(T), "--seed", "1", "--param",
                        f"alpha={alpha!r}", "--json"], check=True, capture_output=True, text=True)
    want = json.loads(p.stdout)
    reward, opt, viol = one_run(1, 5, T, 1, 0)
    same = (want["reward"], want["opt"], want["violation"]) == (reward, opt, viol)
    print(f"oco run olp --gen 1 --m 5 --T {T} --seed 1: reward {reward:.6f} opt {opt:.6f} "
          f"violation {viol:.6f}: {'equal' if same else 'DIFFERENT: ' + p.stdout}")
    bad += not same
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
