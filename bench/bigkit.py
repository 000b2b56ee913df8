#!/usr/bin/env python3
"""Add a large log to a kit for benchmarks: bigkit.py KIT_DIR LINES [--component NAME]

Writes KIT_DIR/logs/bulk.log with LINES records spread evenly over the six hours before the kit's
detection time (read from its alerts), in the kit log format: mostly steady INFO traffic, a steady
warning, some multi-line stack traces, and a burst of a new error in the last ten minutes.
"""
import datetime as dt
import glob
import json
import os
import random
import sys


def main(argv):
    kit, n = argv[0], int(argv[1])
    comp = argv[argv.index("--component") + 1] if "--component" in argv else "bulk-api"
    starts = []
    for path in glob.glob(os.path.join(kit, "alerts", "*.json")):
        for alert in json.load(open(path)).get("alerts", []):
            starts.append(dt.datetime.fromisoformat(alert["startsAt"].replace("Z", "+00:00")))
    end = max(starts) if starts else dt.datetime.now(dt.timezone.utc)
    start = end - dt.timedelta(hours=6)
    span = (end - start).total_seconds()
    rng = random.Random(42)
    os.makedirs(os.path.join(kit, "logs"), exist_ok=True)
    with open(os.path.join(kit, "logs", "bulk.log"), "w") as f:
        for i in range(n):
            t = start + dt.timedelta(seconds=span * i / n)
            stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
            r = rng.random()
            late = t > end - dt.timedelta(minutes=10)
            if late and r < 0.2:
                f.write(f"{stamp} ERROR [{comp}] request {rng.randint(10000, 99999)} failed: upstream reset by peer after {rng.randint(5, 900)}ms\n")
            elif r < 0.01:
                f.write(f"{stamp} WARN  [{comp}] cache miss ratio above 0.3 on node web-{rng.randint(1, 9)}\n")
            elif r < 0.012:
                f.write(f"{stamp} ERROR [{comp}] Unhandled exception: System.TimeoutException: pool wait {rng.randint(100, 999)}ms\n")
                f.write("   at Shop.Bulk.Pool.Acquire() in /src/bulk/Pool.cs:line 17\n")
                f.write("   at Shop.Bulk.Handler.Run() in /src/bulk/Handler.cs:line 40\n")
            else:
                f.write(f"{stamp} INFO  [{comp}] GET /api/items/{rng.randint(10000, 99999)} 200 {rng.randint(5, 900)}ms\n")


if __name__ == "__main__":
    main(sys.argv[1:])
