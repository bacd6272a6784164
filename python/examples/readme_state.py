# Checkpoint a bandit mid-run and finish the run in a new object (as another
# process would after a crash): it pulls the same arms as the uninterrupted run.
import os
import tempfile

from oco import bwk

rounds = list(bwk.Problem("stochastic", K=3, T=1000, seed=1).rounds())  # (losses, costs)


def play(alg, ts):
    arms = []
    for t in ts:
        arm = alg.pull()
        alg.update(rounds[t][0][arm], rounds[t][1][arm])
        arms.append(arm)
    return arms


a = bwk.Bandit("lyapunov-bwk", 3, 1000, budget=200, seed=1)
play(a, range(400))
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "bandit.state")
    a.save_state(path)                      # at any round; written atomically
    rest = play(a, range(400, 1000))        # the uninterrupted run goes on
    b = bwk.Bandit("lyapunov-bwk", 3, 1000, budget=200, seed=5)  # same setup, params
    b.restore_state(path)                   # its state, and the saved rng into b's
print("round", b.round, "consumption", round(b.consumption, 4),
      "same arms:", play(b, range(400, 1000)) == rest)
