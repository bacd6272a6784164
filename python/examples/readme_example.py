# Online LP from Python: draw an instance, decide each order live with a
# session (seed 002, Algorithm 1), then compare with the hindsight optimum.
import oco
from oco import olp

print("oco", oco.__version__)
inst = olp.generate(type=1, m=2, T=1000, seed=7)        # as oco run olp --gen 1 --seed 7
c, a = inst.c, inst.a                                    # numpy: (T,), (T, m)
with oco.OlpSession("dual-subgradient", inst.T, inst.b) as s:
    for t in range(inst.T):
        s.step(c[t], a[t])                               # x_t in {0, 1}
    opt = olp.hindsight_opt(inst)
    print(f"reward {s.reward:.4f}  opt {opt.value:.4f} ({opt.kind})  "
          f"regret {opt.value - s.reward:.4f}  accepted {s.accepted}/{inst.T}")
    print("remaining budget", s.remaining.round(4))
try:
    oco.OlpSession("dual-subgradient", 10, [1.0], {"alpah": 0.1})
except oco.OcoError as e:                                # the library's own message
    print(e.name, e)
