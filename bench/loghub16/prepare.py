#!/usr/bin/env python3
"""Lay out all sixteen Loghub-2k systems for ../shared/loghub/score.py from a checkout of logpai/logparser.

Usage: prepare.py <logparser-checkout-or-git-dir> <out-dir> [<shared-loghub-dir>]

Takes each system's raw log from data/loghub_2k/<S>/<S>_2k.log and its corrected ground truth from
data/loghub_2k_corrected/<S>/<S>_2k.log_structured_corrected.csv, and the published formats from
logparser/Drain/benchmark.py (the six systems already in ../shared/loghub keep the formats of its formats.json).
It copies score.py and evaluate.py beside them, so that

    FIREBREAK_CMD=$FB python3 <out-dir>/score.py --big 0

scores every system. A git directory without a work tree (such as a mirror) is read with `git show`.
Nothing here is needed by the tests; the data stays outside the repository.
"""
import json
import os
import re
import shutil
import subprocess
import sys


def reader(source):
    if os.path.isdir(os.path.join(source, "data")):
        return lambda path: open(os.path.join(source, path), "rb").read()
    return lambda path: subprocess.run(["git", "--git-dir", source, "show", f"HEAD:{path}"],
                                       check=True, capture_output=True).stdout


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    read = reader(argv[1])
    out = argv[2]
    shared = argv[3] if len(argv) > 3 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "loghub")
    known = json.load(open(os.path.join(shared, "formats.json")))
    bench = read("logparser/Drain/benchmark.py").decode()
    formats = {}
    for m in re.finditer(r'"(\w+)": \{\s*"log_file": "([^"]+)",\s*"log_format": "([^"]+)"', bench):
        name, _, fmt = m.groups()
        formats[name] = known.get(name) or {"log_file": f"{name}/{name}_2k.log", "log_format": fmt.replace("\\\\", "\\"),
                                            "drain_GA": float("nan"), "drain_PA": float("nan")}
    for name in formats:
        os.makedirs(os.path.join(out, name), exist_ok=True)
        with open(os.path.join(out, name, f"{name}_2k.log"), "wb") as f:
            f.write(read(f"data/loghub_2k/{name}/{name}_2k.log"))
        with open(os.path.join(out, name, f"{name}_2k.log_structured_corrected.csv"), "wb") as f:
            f.write(read(f"data/loghub_2k_corrected/{name}/{name}_2k.log_structured_corrected.csv"))
    with open(os.path.join(out, "formats.json"), "w") as f:
        json.dump(formats, f, indent=1)
    for script in ("score.py", "evaluate.py"):
        shutil.copy(os.path.join(shared, script), out)
    print(f"{len(formats)} systems in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
