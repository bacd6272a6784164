#!/usr/bin/env bash
# oco stream --state FILE [--save-every K]: for every streaming algorithm of
# olp, oco and coco ('oco list --json'), a stream killed with SIGKILL at a
# random moment (while it decides, saves or waits) and restarted with the rest
# of its input answers exactly as the uninterrupted stream; SIGTERM saves and
# ends it; a refused state file (other algorithm, corrupted, truncated) is an
# error that keeps the file; option errors.
set -euo pipefail
source "$(dirname "$0")/lib/common.bash"

"$OCO" list --json >"$TMP/list.json"

cat >"$TMP/kill.py" <<'PYEOF'
# kill.py LIST.json DIR: the SIGKILL/restart checks for every streaming algorithm.
import json, os, random, signal, subprocess, sys, time

oco = os.environ["OCO"]
algos = json.load(open(sys.argv[1]))["algorithms"]
tmp = sys.argv[2]
rng = random.Random(7)
T = 240

def rows_olp():
    r = random.Random(1)
    return ["%.6f,%.6f,%.6f" % (r.uniform(0, 2), r.uniform(0, 2), r.uniform(0, 2))
            for _ in range(T)]

def rows_oco(d):
    r = random.Random(2)
    return [",".join("%.6f" % r.uniform(-1, 1) for _ in range(d)) for _ in range(T)]

def rows_coco(d, k):
    # feedback: grad f (d), then per constraint g (>= 0: also a consumption) and
    # its gradient; a "predict," line before every third feedback line
    r = random.Random(3)
    out = []
    for t in range(T):
        def line():
            v = [r.uniform(-1, 1) for _ in range(d)]
            for _ in range(k):
                v += [r.uniform(0, 1)] + [r.uniform(-1, 1) for _ in range(d)]
            return ",".join("%.6f" % x for x in v)
        if t % 3 == 1:
            out.append("predict," + line())
        out.append(line())
    return out

def command(a):
    p, name = a["protocol"], a["name"]
    if p == "olp":
        return (["stream", "olp", "--algo", name, "--budget", "60,60", "--horizon", str(T)],
                rows_olp(), 0)
    if p == "oco":
        dom = ["--domain", "simplex"] if name in ("hedge", "optimistic-hedge", "msmwc") else []
        return (["stream", "oco", "--algo", name, "--d", "3", "--horizon", str(T)] + dom,
                rows_oco(3), 1)
    # a budget B > 0 only for the consumption algorithm (seed 003); the others
    # support B = 0 only
    budget = ["--budget", "100"] if name == "lyapunov-adagrad" else []
    return (["stream", "coco", "--algo", name, "--d", "2", "--k", "1", "--horizon", str(T)]
            + budget, rows_coco(2, 1), 1)

def decisions_before(lines, t):
    """Input lines to skip on a resume after round t (t decision lines)."""
    seen = 0
    for i, l in enumerate(lines):
        if seen == t:
            return i
        if not l.startswith("predict,"):
            seen += 1
    return len(lines)

def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)

checked = 0
for a in algos:
    if a["protocol"] not in ("olp", "oco", "coco") or not a.get("stream", True):
        continue
    args, lines, first = command(a)
    text = "\n".join(lines) + "\n"
    u = subprocess.run([oco] + args, input=text, capture_output=True, text=True)
    if u.returncode != 0:
        fail("%s: uninterrupted stream: %s" % (a["name"], u.stderr))
    U = u.stdout.splitlines(True)
    for trial in range(2):
        st = os.path.join(tmp, "%s-%d.state" % (a["name"], trial))
        every = rng.choice([1, 3, 10])
        cmd = [oco] + args + ["--state", st, "--save-every", str(every)]
        read = []
        if trial == 0:
            # free-running: kill after a random delay (deciding, saving or done)
            p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL)
            p.stdin.write(text.encode())
            p.stdin.flush()
            time.sleep(rng.uniform(0.0, 0.15))
        else:
            # lock-step: kill while it waits for line r (after r answers)
            p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, bufsize=0)
            r = rng.randrange(1, T)
            for _ in range(first):
                read.append(p.stdout.readline().decode())
            sent = 0
            for l in lines:
                p.stdin.write((l + "\n").encode())
                if not l.startswith("predict,"):
                    sent += 1
                    read.append(p.stdout.readline().decode())
                    if sent == r:
                        break
        p.send_signal(signal.SIGKILL)
        out1 = "".join(read) + p.communicate()[0].decode()
        got1 = [l for l in out1.splitlines(True) if l.endswith("\n")]
        if got1 != U[:len(got1)]:
            fail("%s: the killed stream's answers differ from the uninterrupted ones" % a["name"])
        if os.path.exists(st):
            q = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
            msg = q.stderr.readline()
            if "resumed after round " not in msg:
                fail("%s: restart says %r" % (a["name"], msg))
            t = int(msg.rsplit(" ", 1)[1])
            keep = t + first
            if keep > len(got1) and trial == 1:
                fail("%s: saved round %d but only %d answers were printed" % (a["name"], t,
                                                                              len(got1)))
            rest = "".join(l + "\n" for l in lines[decisions_before(lines, t):])
            out2, err2 = q.communicate(rest)
            if q.returncode != 0:
                fail("%s: restart failed: %s" % (a["name"], err2))
        else:
            # killed before the first save: a first start again
            t, keep = 0, 0
            out2 = subprocess.run(cmd, input=text, capture_output=True, text=True).stdout
        if U[:keep] + out2.splitlines(True) != U:
            fail("%s (trial %d, save every %d, resumed after round %d): the resumed stream "
                 "differs from the uninterrupted one" % (a["name"], trial, every, t))
        checked += 1
print("checked %d kill/restart cases" % checked)
if checked < 60:
    fail("too few streaming algorithms found (%d cases)" % checked)
PYEOF
OCO="$OCO" "$PY" "$TMP/kill.py" "$TMP/list.json" "$TMP"

# SIGTERM while waiting for input: the state is saved, exit as at end of input.
g() { "$PY" -c "
import random; r = random.Random(4)
for t in range(100): print(','.join('%.6f' % r.uniform(-1, 1) for _ in range(3)))"; }
g >"$TMP/g.csv"
S=(stream oco --algo optimistic-ons --d 3 --horizon 100)
"$OCO" "${S[@]}" <"$TMP/g.csv" >"$TMP/U.txt"
mkfifo "$TMP/fifo"
"$OCO" "${S[@]}" --state "$TMP/t.state" --save-every 1000 <"$TMP/fifo" >"$TMP/A.txt" \
  2>"$TMP/A.err" &
pid=$!
exec 3>"$TMP/fifo"
head -n 40 "$TMP/g.csv" >&3
for _ in $(seq 100); do [[ $(wc -l <"$TMP/A.txt") -ge 41 ]] && break; sleep 0.05; done
kill -TERM $pid
rc=0
wait $pid || rc=$?
exec 3>&-
[[ $rc -eq 0 ]] || fail "SIGTERM: exit $rc ($(cat "$TMP/A.err"))"
grep -q "SIGTERM: stopped after round 40; state saved to" "$TMP/A.err" ||
  fail "SIGTERM message: $(cat "$TMP/A.err")"
tail -n +41 "$TMP/g.csv" | "$OCO" "${S[@]}" --state "$TMP/t.state" >"$TMP/B.txt" 2>"$TMP/B.err"
grep -q "resumed after round 40" "$TMP/B.err" || fail "resume message: $(cat "$TMP/B.err")"
cat "$TMP/A.txt" "$TMP/B.txt" | cmp -s - "$TMP/U.txt" || fail "SIGTERM + resume differs"

# A refused file is an error (exit 1), and it is kept.
cp "$TMP/t.state" "$TMP/keep.state"
expect_fail 1 "saved by algorithm 'optimistic-ons', not 'ons'.*kept" -- \
  "$OCO" stream oco --algo ons --d 3 --state "$TMP/t.state"
cmp -s "$TMP/t.state" "$TMP/keep.state" || fail "a refused state file was changed"
expect_fail 1 "dimension .* this object has" -- "$OCO" stream oco --algo optimistic-ons --d 4 \
  --horizon 100 --state "$TMP/t.state"
cp "$TMP/t.state" "$TMP/bad.state"
printf '\x01' | dd of="$TMP/bad.state" bs=1 seek=100 conv=notrunc 2>/dev/null
expect_fail 1 "checksum mismatch" -- "$OCO" "${S[@]}" --state "$TMP/bad.state"
head -c 50 "$TMP/t.state" >"$TMP/short.state"
expect_fail 1 "state .*short.state" -- "$OCO" "${S[@]}" --state "$TMP/short.state"
expect_fail 1 "cannot write .*x.state.tmp" -- "$OCO" "${S[@]}" --state "$TMP/no/x.state"
expect_fail 2 "--save-every needs --state" -- "$OCO" "${S[@]}" --save-every 5
expect_fail 2 "--save-every must be at least 1" -- "$OCO" "${S[@]}" --state "$TMP/y" \
  --save-every 0
# At the horizon the state is the last round's; a resumed stream rejects more.
"$OCO" "${S[@]}" --state "$TMP/h.state" <"$TMP/g.csv" >/dev/null
rc=0
"$OCO" "${S[@]}" --state "$TMP/h.state" <"$TMP/g.csv" >"$TMP/h.out" 2>"$TMP/h.err" || rc=$?
[[ $rc -eq 1 && ! -s "$TMP/h.out" ]] || fail "a stream resumed at its horizon: exit $rc"
grep -q "resumed after round 100" "$TMP/h.err" || fail "horizon resume: $(head -1 "$TMP/h.err")"
[[ $(grep -c "horizon T = 100 already reached" "$TMP/h.err") -eq 100 ]] ||
  fail "a stream resumed at its horizon must reject every line"
echo "ok"
