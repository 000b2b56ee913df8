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
    "svc": lambda: R.choice(["billing", "inventory", "search", "shipping", "ledger", "notifier", "gateway"]),
    "color": lambda: R.choice(["primary", "secondary", "standby", "witness"]),
    "deepurl": lambda: "https://cdn.example.com/" + "/".join(R.choice(["img", "v2", "assets", "eu", "thumbs"]) for _ in range(R.randint(1, 5)))
    + "?" + "&".join(f"{R.choice(['w', 'h', 'q', 'sig', 'exp'])}={R.randint(1, 9999)}" for _ in range(R.randint(1, 4))),
    "deeppath": lambda: "/" + "/".join(R.choice(["srv", "data", "users", word(), hexs(4), "tmp"]) for _ in range(R.randint(2, 7))) + R.choice([".log", ".json", ""]),
    "size": lambda: f"{R.randint(1, 999)}.{R.randint(0, 9)}{R.choice(['KB', 'MB', 'GiB'])}",
    "code": lambda: R.choice(["200OK", "404NotFound", "503Unavailable"]),
    "rate": lambda: f"{R.randint(1, 900)}req/s",
    "ver": lambda: f"v{R.randint(1, 9)}.{R.randint(0, 20)}.{R.randint(0, 9)}",
    "kvs": lambda: " ".join(f"{k}={R.randint(1, 999)}" for k in R.sample(["a", "b", "c", "d", "e"], R.randint(1, 3))),
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
    # Harder shapes: one variable word in long prose at varying positions, dense key=value lines whose keys differ
    # between events of the same length, URLs with varying query strings, paths of varying depth, units glued to numbers.
    "prose_word": [
        "{svc} is not responding to health checks and has been removed from the load balancer pool until it recovers",
        "The nightly export job for {svc} was skipped because the previous run had not finished before the window closed",
        "Operators were paged because replication from the {color} region fell behind by more than the allowed limit",
        "After the failover the cluster elected a new leader and the {color} node resumed serving reads for all tenants",
        "Rate limiting was applied to tenant traffic because the shared quota for the {svc} service was exhausted again",
    ],
    "kv_dense": [
        "audit action=login user={user} ip={ip} mfa=true",
        "audit action=login user={user} ip={ip} mfa=false reason=expired",
        "audit action=logout user={user} ip={ip} session={uuid}",
        "metric name=latency_p99 value={ms} host={ip} region=eu",
        "metric name=queue_depth value={num} host={ip} region=us",
        "span trace={sha} parent={hex} service={svc} duration={ms} status={code}",
    ],
    "urls_deep": [
        "GET {deepurl} returned {code} in {ms}",
        "cache miss for {deepurl}",
        "wrote {size} to {deeppath}",
        "removed stale file {deeppath} after {dur}",
        "proxy upstream {ip} served {deepurl} at {rate}",
    ],
    "units": [
        "heap grew to {size} after gc in {ms}",
        "throughput {rate} with p50 {ms} and p99 {ms}",
        "deployed {ver} to {num} hosts, health {code}",
        "disk {deeppath} at {pct} with {size} free",
        "upload of {size} finished at {rate}",
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
