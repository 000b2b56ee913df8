#!/usr/bin/env python3
"""Generates logs of message shapes the miner was not tuned on, with their ground truth, and scores them.

Usage: FIREBREAK_CMD=path/to/firebreak generate.py [--lines N] [--seed S] [--out DIR]
Writes DIR/<shape>.log and DIR/<shape>.log_structured.csv (LineId,EventId,EventTemplate; as in Loghub's
corrected truth, a token holding a variable is one <*> and numbers are variables), runs
`firebreak logs templates` with no --format on each, and prints GA/PA per shape with
../../shared/loghub/evaluate.py when it is there (or ./evaluate.py beside this file).
"""
import csv
import os
import random
import subprocess
import sys
import tempfile
import uuid

R = random.Random(7)


def hexs(n):
    return "".join(R.choice("0123456789abcdef") for _ in range(n))


def word():
    return R.choice(["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"])


VARS = {
    "num": lambda: str(R.randint(0, 99999)),
    "ms": lambda: f"{R.randint(1, 5000)}ms",
    "mb": lambda: f"{R.randint(1, 900)}MB",
    "pct": lambda: f"{R.randint(0, 100)}%",
    "float": lambda: f"{R.random() * 100:.3f}",
    "uuid": lambda: str(uuid.UUID(int=R.getrandbits(128))),
    "hex": lambda: "0x" + hexs(8),
    "sha": lambda: hexs(40),
    "ip": lambda: f"10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}",
    "url": lambda: f"https://api.example.com/v{R.randint(1, 3)}/orders/{R.randint(1, 99999)}?page={R.randint(1, 9)}&sort=asc",
    "path": lambda: f"/var/lib/app/{R.choice(['cache', 'data', 'tmp'])}/{hexs(6)}.bin",
    "user": word,
    "req": lambda: "req-" + hexs(12),
    "dur": lambda: f"{R.randint(1, 59)}s",
    "status": lambda: R.choice(["200", "201", "404", "500", "503"]),
    "login": lambda: f"https://login.example.com/auth?next=%2Forders&client=req-{hexs(12)}",
}

SHAPES = {
    "prose": [
        "The scheduler could not place the job on any node because every candidate was already running at capacity, retrying in {dur}",
        "Connection to the primary database was lost while the transaction was being committed; the client will reconnect and replay the last statement",
        "User {user} asked for a password reset but the account is locked after too many failed attempts",
        "Background compaction finished for the shard and freed {mb} of disk space in {ms}",
        "A configuration reload was requested by an operator and all listeners were restarted without dropping connections",
        "The certificate for the internal gateway expires soon and should be rotated before it causes outages",
    ],
    "keyvalue": [
        "request_id={req} method=GET status={status} duration={ms} user={user}",
        "request_id={req} method=POST status={status} duration={ms} error=timeout upstream={ip}",
        "cache hit key={sha} size={mb} ttl={dur}",
        "job={uuid} state=completed attempts={num} elapsed={dur}",
        "gc pause={ms} heap_used={mb} heap_pct={pct}",
    ],
    "urls": [
        "GET {url} from {ip} took {ms}",
        "redirecting {url} to {login}",
        "fetched {path} ({mb}) for {user}",
        "webhook delivery to {url} failed with status {num}, will retry in {dur}",
    ],
    "ids": [
        "order {uuid} assigned to warehouse {num} by {req}",
        "pointer {hex} freed twice in thread {num}",
        "commit {sha} deployed to canary {num}",
        "session {uuid} for {user} expired after {dur}",
        "checksum mismatch for block {hex} on {path}",
    ],
}


def render(template):
    out, truth, i = [], [], 0
    while i < len(template):
        j = template.find("{", i)
        if j < 0:
            out.append(template[i:])
            truth.append(template[i:])
            break
        k = template.index("}", j)
        out.append(template[i:j])
        truth.append(template[i:j])
        out.append(VARS[template[j + 1:k]]())
        truth.append("<*>")
        i = k + 1
    return "".join(out), "".join(truth)


def main(argv):
    lines = 2000
    out = tempfile.mkdtemp(prefix="fb-shapes-")
    if "--lines" in argv:
        lines = int(argv[argv.index("--lines") + 1])
    if "--out" in argv:
        out = argv[argv.index("--out") + 1]
    os.makedirs(out, exist_ok=True)
    here = os.path.dirname(os.path.abspath(__file__))
    for candidate in (os.path.join(here, "..", "..", "..", "shared", "loghub"), here):
        if os.path.exists(os.path.join(candidate, "evaluate.py")):
            sys.path.insert(0, candidate)
            break
    try:
        from evaluate import scores
    except ImportError:
        scores = None
    fb = os.environ.get("FIREBREAK_CMD", "firebreak")
    ga_sum = pa_sum = 0.0
    for name, templates in SHAPES.items():
        log = os.path.join(out, f"{name}.log")
        truth = log + "_structured.csv"
        with open(log, "w") as f, open(truth, "w", newline="") as t:
            w = csv.writer(t)
            w.writerow(["LineId", "EventId", "EventTemplate"])
            for n in range(1, lines + 1):
                e = R.randrange(len(templates))
                text, template = render(templates[e])
                f.write(f"2026-11-25T10:{n // 60 % 60:02d}:{n % 60:02d}.{R.randint(0, 999):03d}Z {R.choice(['INFO', 'WARN', 'ERROR'])} [{R.choice(['api', 'worker'])}] {text}\n")
                w.writerow([n, f"E{e + 1}", template])
        csv_out = os.path.join(out, f"{name}.csv")
        subprocess.run([fb, "logs", "templates", log, "--out", csv_out], check=True, capture_output=True, timeout=300)
        if scores:
            s = scores(truth, csv_out)
            ga_sum += s["GA"]
            pa_sum += s["PA"]
            print(f"{name:10s} GA={s['GA']:.4f} PA={s['PA']:.4f} groups={s['parsed']}/{s['truth']}")
    if scores:
        print(f"shapes: {len(SHAPES)} logs, GA mean {ga_sum / len(SHAPES):.4f}, PA mean {pa_sum / len(SHAPES):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
