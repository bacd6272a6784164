"""Independent check of one `oco run olp --json` result (soft budgets):
recompute reward, remaining budget and violation from the saved orders and
the decisions, and replay seed 002 Algorithm 1 by hand.

usage: check_run.py RESULT.json DECISIONS.txt ORDERS.csv [TRACE.csv]"""
import csv
import json
import math
import sys

d = json.load(open(sys.argv[1]))
x = [int(l) for l in open(sys.argv[2])]
rows = list(csv.reader(open(sys.argv[3])))
T, m = d["T"], d["m"]
assert rows[0] == ["c"] + ["a%d" % (i + 1) for i in range(m)], rows[0]
assert len(rows) == T + 1 and len(x) == T and set(x) <= {0, 1}
c = [float(r[0]) for r in rows[1:]]
a = [[float(v) for v in r[1:]] for r in rows[1:]]
b = d["budget"]
assert sum(x) == d["accepted"]
reward = sum(ci * xi for ci, xi in zip(c, x))
assert abs(reward - d["reward"]) <= 1e-9 * max(1, abs(reward)), (reward, d["reward"])
use = [sum(a[t][i] * x[t] for t in range(T)) for i in range(m)]
for i in range(m):
    assert abs((b[i] - use[i]) - d["remaining"][i]) <= 1e-8 * max(1, b[i])
viol = math.sqrt(sum(max(0.0, use[i] - b[i]) ** 2 for i in range(m)))
assert abs(viol - d["violation"]) <= 1e-8 * max(1, viol), (viol, d["violation"])
if d["opt"] is not None:
    assert abs(d["regret"] - (d["opt"] - d["reward"])) <= 1e-9 * max(1, abs(d["opt"]))

if d["algo"] == "dual-subgradient" and not d["hard_budget"]:
    # seed 002, Algorithm 1: x_t = 1{c_t > <a_t,y_t>}, y <- max(0, y - alpha(d - a_t x_t)).
    alpha = d["params"].get("alpha", 1 / math.sqrt(T))
    y = [d["params"].get("y0", 0.0)] * m
    dd = [bi / T for bi in b]
    for t in range(T):
        xt = 1 if c[t] > sum(a[t][i] * y[i] for i in range(m)) else 0
        assert xt == x[t], "decision of round %d differs from Algorithm 1 by hand" % (t + 1)
        y = [max(0.0, y[i] - alpha * (dd[i] - a[t][i] * xt)) for i in range(m)]

if len(sys.argv) > 4:
    tr = list(csv.reader(open(sys.argv[4])))
    head = ["t", "c", "x"] + ["remaining_%d" % (i + 1) for i in range(m)]
    assert tr[0][: 3 + m] == head, tr[0]
    assert len(tr) == T + 1
    assert [int(r[2]) for r in tr[1:]] == x
    assert [int(r[0]) for r in tr[1:]] == list(range(1, T + 1))
    for i in range(m):
        assert abs(float(tr[-1][3 + i]) - d["remaining"][i]) <= 1e-9 * max(1, b[i])
