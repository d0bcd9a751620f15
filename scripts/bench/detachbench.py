#!/usr/bin/env python3
"""How long `devd up --detach` takes to give the terminal back on the benchmark tree (tree.py, 50,000 files by
default), beside the time a `devd up` in the foreground takes to print that it watches: the detached one returns
once its background devd watches, so the difference is what detaching costs (a second JVM start, the wait for the
session file). Both through the launcher, so with the AOT cache; runs alternate, so both see the same machine load.

Usage: scripts/bench/detachbench.py [--folders N] [--runs N] [--work DIR]
"""
import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

import tools
import tree as benchtree

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LAUNCHER = os.path.join(ROOT, "scripts", "devd")


def detached(project, env):
    """Seconds until `devd up --detach` returns; stops the background devd afterwards (not timed)."""
    start = time.monotonic()
    run = subprocess.run([LAUNCHER, "up", "--detach", "--port", "0"], cwd=project, env=env, capture_output=True, text=True)
    took = time.monotonic() - start
    if run.returncode != 0:
        raise RuntimeError("devd up --detach failed:\n" + run.stdout + run.stderr)
    subprocess.run([LAUNCHER, "stop"], cwd=project, env=env, capture_output=True, check=True)
    return took


def foreground(project, env):
    """Seconds until a foreground `devd up` prints that it watches; then Ctrl-C."""
    start = time.monotonic()
    devd = subprocess.Popen([LAUNCHER, "up", "--port", "0"], cwd=project, env=env, stdout=subprocess.PIPE, text=True)
    took = None
    for line in devd.stdout:
        if "devd is watching" in line:
            took = time.monotonic() - start
            break
    devd.send_signal(signal.SIGINT)
    devd.wait()
    if took is None:
        raise RuntimeError("devd up ended before it watched")
    return took


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folders", type=int, default=2500, help="folders under src/ (default 2500: 50,000 files)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--work", help="where to make the tree (default: a new temp folder)")
    args = parser.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="devd-detachbench-")
    tree = benchtree.generate(os.path.join(work, "tree"), args.folders)
    marks = os.path.join(work, "marks")
    with open(os.path.join(tree.root, "devd.yaml"), "w") as config:
        config.write("watch:\n  ignore: [node_modules]\nlocalResources:\n  - {name: mark, cmd: %s, deps: [.]}\n"
                     % json.dumps(tools.mark_command(marks)))
    # A registry of the benchmark's own, so that no other devd of this user is touched or listed.
    env = dict(os.environ, XDG_RUNTIME_DIR=os.path.join(work, "run"))
    os.makedirs(env["XDG_RUNTIME_DIR"], exist_ok=True)
    subprocess.run([LAUNCHER, "version"], cwd=tree.root, env=env, check=True, capture_output=True)  # builds, trains
    results = {"up --detach returns": [], "up (foreground) prints it watches": []}
    for run in range(args.runs):
        results["up --detach returns"].append(detached(tree.root, env))
        results["up (foreground) prints it watches"].append(foreground(tree.root, env))
        print("run %d: %.2f s detached, %.2f s foreground" % (run, results["up --detach returns"][-1],
              results["up (foreground) prints it watches"][-1]), file=sys.stderr, flush=True)
    print("%d files; load average %.1f at the end on %d cores" % (len(tree.src_files), os.getloadavg()[0], os.cpu_count()))
    for name, times in results.items():
        print("%-36s median %.2f s  (min %.2f, max %.2f, %d runs)" % (name, statistics.median(times), min(times),
              max(times), len(times)))
    if not args.work:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
