#!/usr/bin/env python3
"""devd's benchmark driver: devd beside general-purpose watchers on one generated tree, measured the same way.

Run it through scripts/bench/run (see --help). It prints Markdown tables (medians, p95 and max over the repetitions)
and writes them, with every raw figure as JSON, to the --out folder.
"""
import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import cachebench  # noqa: E402
import chattybench  # noqa: E402
import deploybench  # noqa: E402
import liveupdatebench  # noqa: E402
import tools  # noqa: E402
import tree as treegen  # noqa: E402
import watchbench  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
TOOLS_DIR = os.path.join(ROOT, "target", "bench")
CHOKIDAR_CLI = "chokidar-cli@3.0.0"


def log(message):
    print(message, file=sys.stderr, flush=True)


class Settings:
    """How much to measure: the full run, or the smoke run CI makes to check that the driver works."""

    def __init__(self, args):
        smoke = args.smoke
        self.folders = args.folders or (50 if smoke else 2500)
        self.ready_reps = args.reps or (2 if smoke else 7)
        self.latency_reps = 3 if smoke else 40
        self.burst_reps = 1 if smoke else 3
        self.burst_size = 200 if smoke else 5000
        self.idle_seconds = 2 if smoke else 20
        self.ready_timeout = 60
        self.burst_timeout = 60 if smoke else 240
        self.scale_folders = 0 if smoke else args.scale_folders
        self.deploy_saves = 3 if smoke else 20
        self.deploy_large_resources = 10 if smoke else 200
        self.deploy_large_saves = 1 if smoke else 5
        self.liveupdate_saves = 2 if smoke else 20
        self.digest_reps = 1 if smoke else 5
        self.restart_reps = 1 if smoke else 5
        self.chatty_bytes = 20_000_000 if smoke else 200_000_000
        self.chatty_reps = 1 if smoke else 5
        self.smoke = smoke


# ---------------------------------------------------------------------------------------------------- set-up

def install_peers(settings, wanted):
    """Installs the peers that are missing, from Debian's packages and npm only; returns notes on what failed."""
    notes = []
    # (tool key, the command it needs, the packages that bring it); the raw inotify program is compiled here.
    needs = (("watchman", "watchman", "watchman"), ("inotifywait", "inotifywait", "inotify-tools"),
             ("entr", "entr", "entr"), ("inotify", "gcc", "gcc libc6-dev"))
    packages = [pkg for key, command, pkgs in needs
                if shutil.which(command) is None and (wanted is None or key in wanted) for pkg in pkgs.split()]
    if packages:
        if os.geteuid() == 0 and shutil.which("apt-get"):
            log("installing %s from Debian's packages..." % " ".join(packages))
            env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
            done = subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends"] + packages, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if done.returncode != 0:
                notes.append("apt-get install %s failed: %s" % (" ".join(packages), done.stderr.decode()[-300:]))
        else:
            notes.append("not root: install %s with apt-get to compare with them" % " ".join(packages))
    cli = chokidar_cli()
    if not os.path.exists(cli) and shutil.which("npm") and (wanted is None or any(k.startswith("chokidar") for k in wanted)):
        log("installing %s from npm into %s..." % (CHOKIDAR_CLI, os.path.dirname(os.path.dirname(os.path.dirname(cli)))))
        node_dir = os.path.join(TOOLS_DIR, "node")
        os.makedirs(node_dir, exist_ok=True)
        done = subprocess.run(["npm", "install", "--prefix", node_dir, "--no-audit", "--no-fund", "--loglevel=error",
                               CHOKIDAR_CLI], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if done.returncode != 0:
            notes.append("npm install %s failed: %s" % (CHOKIDAR_CLI, done.stderr.decode()[-300:]))
    return notes


def chokidar_cli():
    return os.path.join(TOOLS_DIR, "node", "node_modules", "chokidar-cli", "index.js")


def build_inotify_run():
    binary = os.path.join(TOOLS_DIR, "inotify-run")
    source = os.path.join(HERE, "inotify_run.c")
    if not os.path.exists(binary) or os.path.getmtime(binary) < os.path.getmtime(source):
        os.makedirs(TOOLS_DIR, exist_ok=True)
        if shutil.which("gcc"):
            # A failed compile leaves no binary: the row is then skipped with a note, the other tools still run.
            subprocess.run(["gcc", "-O2", "-o", binary, source])
    return binary


def prepare_devd():
    """Builds devd and its AOT cache through the launcher, as a user's first start would, outside any measurement."""
    launcher = os.path.join(ROOT, "scripts", "devd")
    log("preparing devd (build and start-up cache when they are not current)...")
    subprocess.run([launcher, "version"], check=True, stdout=subprocess.DEVNULL)
    return launcher


def machine():
    cpus = os.cpu_count()
    model = ""
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    with open("/proc/meminfo") as info:
        mem_gb = int(info.readline().split()[1]) / 1024 / 1024
    java = subprocess.run([os.path.join(ROOT, "scripts", "devd"), "version"], capture_output=True, text=True).stdout.strip()
    try:
        load = open("/proc/loadavg").read().split()[:3]
    except OSError:
        load = []
    return {"cpus": cpus, "cpu_model": model, "memory_gb": round(mem_gb, 1), "kernel": platform.release(),
            "devd": java, "load_average_at_start": load,
            "filesystem": subprocess.run(["stat", "-f", "-c", "%T", tempfile.gettempdir()], capture_output=True,
                                         text=True).stdout.strip()}


# ---------------------------------------------------------------------------------------------------- report

def fmt_s(summary):
    return "—" if not summary else "%.2f s" % summary["p50"]


def fmt_ms(summary):
    return "—" if not summary else "%.1f ms" % summary["p50"]


def fmt_spread(summary, unit, scale=1.0, digits=1):
    if not summary:
        return "—"
    f = "%%.%df" % digits
    return " / ".join(f % (summary[k] * scale) for k in ("p50", "p95", "max")) + " " + unit


def burst_text(result):
    bursts = result.get("bursts") or []
    if not bursts:
        return "—", "—"
    runs = sorted(b["runs"] for b in bursts)
    runs_text = str(runs[0]) if runs[0] == runs[-1] else "%d–%d" % (runs[0], runs[-1])
    if not all(b["run_after_last_write"] for b in bursts):
        runs_text += " (missed the last write)"
    cpu = sorted(b["cpu_s"] for b in bursts)
    return runs_text, "%.2f s" % cpu[len(cpu) // 2]


def watch_table(results, settings):
    lines = ["| tool | ready after start | save → command p50 | %s-file burst: runs | burst CPU | idle CPU after start / "
             "after work | RSS | watches |" % format(settings.burst_size, ","),
             "|---|---|---|---|---|---|---|---|"]
    for r in results:
        if "error" in r:
            lines.append("| %s | %s | | | | | | |" % (r["tool"], r["error"]))
            continue
        runs, cpu = burst_text(r)
        ready = fmt_s(r.get("ready_s")) if r.get("ready_s") else "(as with debounce 0)"
        lines.append("| %s | %s | %s | %s | %s | %.2f %% / %.2f %% | %.0f MB | %s |" % (
            r["tool"], ready, fmt_ms(r.get("latency_ms")), runs, cpu, r["idle_cpu_percent"],
            r["idle_after_cpu_percent"], r["rss_idle_mb"],
            format(r["watches"], ",")))
    return "\n".join(lines)


def spread_table(results):
    lines = ["| tool | ready p50 / p95 / max | save → command p50 / p95 / max | extra runs per save | RSS after bursts (peak) |",
             "|---|---|---|---|---|"]
    for r in results:
        if "error" in r:
            continue
        lines.append("| %s | %s | %s | %d in %d | %.0f MB (%.0f MB) |" % (
            r["tool"], fmt_spread(r.get("ready_s"), "s", digits=2), fmt_spread(r.get("latency_ms"), "ms"),
            r["latency_extra_runs"], r["latency_ms"]["n"], r["rss_after_mb"], r["rss_peak_mb"]))
    return "\n".join(lines)


def ratio_table(results):
    by_key = {r["key"]: r for r in results if "error" not in r}
    devd = by_key.get("devd0")
    if not devd:
        return ""
    lines = ["| peer | its ready ÷ devd's | its latency p50 ÷ devd's | its RSS ÷ devd's | its watches ÷ devd's |",
             "|---|---|---|---|---|"]
    for r in results:
        if "error" in r or r["key"].startswith("devd"):
            continue
        ready = "%.2f" % (r["ready_s"]["p50"] / devd["ready_s"]["p50"]) if r.get("ready_s") else "—"
        lines.append("| %s | %s | %.2f | %.2f | %.2f |" % (
            r["tool"], ready, r["latency_ms"]["p50"] / devd["latency_ms"]["p50"], r["rss_idle_mb"] / devd["rss_idle_mb"],
            r["watches"] / devd["watches"]))
    return "\n".join(lines)


def cache_tables(cache):
    lines = []
    digest = cache.get("digest")
    if digest:
        lines += ["| digest of %s files (`devd dump input-digest`) | devd's time, p50 / p95 / max | the process: wall, CPU (p50) |"
                  % format(digest["files"], ","), "|---|---|---|",
                  "| no index: a first start, every file read | %s | %s, %s |" % (
                      fmt_spread(digest["cold_s"], "s", digits=2), fmt_s(digest["cold_process_s"]),
                      fmt_s(digest["cold_process_cpu_s"])),
                  "| with the index: a restart, one lstat per file | %s | %s, %s |" % (
                      fmt_spread(digest["index_s"], "s", digits=2), fmt_s(digest["index_process_s"]),
                      fmt_s(digest["index_process_cpu_s"])), ""]
    restart = cache.get("restart")
    if restart:
        lines += ["| restart of an unchanged examples/hello (podman) | start → deployed, p50 / p95 / max | "
                  "\"watching\" → deployed, p50 / p95 / max | devd's own figure, p50 | builds per restart |",
                  "|---|---|---|---|---|"]
        for key, label in (("cache", "with the cache"), ("no_cache", "`--no-cache` (as before the cache)")):
            r = restart[key]
            builds = sorted(set(r["builds"]))
            lines.append("| %s | %s | %s | %s | %s |" % (
                label, fmt_spread(r["start_to_deployed_s"], "s", digits=2), fmt_spread(r["ready_to_deployed_s"], "s", digits=2),
                fmt_s(r["devd_reported_s"]), ", ".join(str(b) for b in builds)))
    return "\n".join(lines)


def deploy_table(deploys):
    lines = ["| objects (resources) | save → first apply request, p50 / p95 / max | build end → last apply request, p50 / max | "
             "API server's time in that | devd's CPU per pass | build command |",
             "|---|---|---|---|---|---|"]
    for d in deploys:
        lines.append("| %s (%d) | %s | %.0f / %.0f ms | %.0f ms | %.2f s | %.1f ms |" % (
            format(d["objects"], ","), d["resources"], fmt_spread(d["save_to_first_apply_ms"], "ms"),
            d["build_end_to_last_apply_ms"]["p50"], d["build_end_to_last_apply_ms"]["max"], d["server_ms"]["p50"],
            d["devd_cpu_s"]["p50"], d["build_command_ms"]["p50"]))
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------- main

def measure(bench, tool, failed, notes):
    """The tool's figures, or its error when one of its measurements failed. devd's errors fail the run (`failed`);
    a peer that does not work on this machine is a note, like a peer that is not installed: the run is about devd."""
    try:
        return bench.run(tool)
    except (watchbench.BenchError, OSError, subprocess.SubprocessError) as e:  # OSError: a process gone under /proc
        log("  FAILED: %s" % e)
        if isinstance(tool, tools.Devd):
            failed.append(str(e))
        else:
            notes.append("%s not measured: %s" % (tool.name, e))
        return {"tool": tool.name, "key": tool.key, "error": str(e)}


def main():
    parser = argparse.ArgumentParser(prog="scripts/bench/run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true",
                        help="a small tree and few repetitions: checks that every measurement works, not how fast")
    parser.add_argument("--only", help="comma-separated tool keys: inotify, watchman, chokidar0, chokidar400, entr, inotifywait, "
                                       "devd0, devd (default: all)")
    parser.add_argument("--folders", type=int, help="folders under src/, 20 files each (default 2500; smoke 50)")
    parser.add_argument("--reps", type=int, help="starts per tool for the ready figure (default 7; smoke 2)")
    parser.add_argument("--scale-folders", type=int, default=25000,
                        help="folders of the scale tree, devd only (default 25000: 500,000 files; 0 skips it)")
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: watch, scale, deploy, liveupdate, chatty, cache")
    parser.add_argument("--out", help="folder for results.md and results.json (default: target/bench/results)")
    parser.add_argument("--keep", action="store_true", help="keep the generated trees and logs")
    args = parser.parse_args()
    settings = Settings(args)
    skip = set(filter(None, args.skip.split(",")))
    wanted = set(args.only.split(",")) if args.only else None
    out_dir = args.out or os.path.join(TOOLS_DIR, "results")
    os.makedirs(out_dir, exist_ok=True)

    notes = install_peers(settings, wanted) if "watch" not in skip else []
    launcher = prepare_devd()
    inotify_run = build_inotify_run()
    report = {"machine": machine(), "settings": vars(settings), "notes": notes, "started": time.strftime("%Y-%m-%d %H:%M:%S")}
    work = tempfile.mkdtemp(prefix="devd-bench-")
    failed = []
    sections = []
    try:
        if "watch" not in skip:
            every = [tools.InotifyRun(inotify_run), tools.Watchman(), tools.Chokidar(chokidar_cli(), 0),
                     tools.Chokidar(chokidar_cli(), 400), tools.Entr(), tools.InotifyWait(),
                     tools.Devd(launcher, 0), tools.Devd(launcher, 100)]
            chosen = [t for t in every if wanted is None or t.key in wanted]
            log("generating the tree: %d folders under src/ (seeded)..." % settings.folders)
            tree = treegen.generate(os.path.join(work, "tree"), settings.folders)
            out = os.path.join(work, "out")
            os.makedirs(out)
            bench = watchbench.WatchBench(tree, out, settings, log)
            results = []
            for tool in chosen:
                missing = tool.missing()
                if missing:
                    log("skipping %s: %s" % (tool.name, missing))
                    report["notes"].append("%s not measured: %s" % (tool.name, missing))
                    continue
                log("measuring %s..." % tool.name)
                results.append(measure(bench, tool, failed, report["notes"]))
            report["watch"] = {"tree": {"src_files": len(tree.src_files), "src_folders": tree.folders,
                                        "node_modules_folders": tree.module_folders}, "results": results}
            sections.append("### Watching: %s files in %s folders under src/, %s ignored files\n\n%s\n\n%s\n\n%s" % (
                format(len(tree.src_files), ","), format(tree.folders, ","), format(tree.module_folders * treegen.FILES_PER_FOLDER, ","),
                watch_table(results, settings), spread_table(results), ratio_table(results)))
            shutil.rmtree(os.path.join(work, "tree"), ignore_errors=True)
        if "scale" not in skip and settings.scale_folders:
            log("generating the scale tree: %d folders under src/ (seeded)..." % settings.scale_folders)
            tree = treegen.generate(os.path.join(work, "scale"), settings.scale_folders, module_folders=5000)
            out = os.path.join(work, "scale-out")
            os.makedirs(out)
            scale = Settings(args)
            scale.ready_reps, scale.latency_reps, scale.burst_reps = 3, 20, 1
            scale_results = []
            for tool in (tools.Devd(launcher, 0), tools.Devd(launcher, 100)):
                log("measuring %s on the scale tree..." % tool.name)
                scale_results.append(measure(watchbench.WatchBench(tree, out, scale, log), tool, failed,
                                                   report["notes"]))
            report["scale"] = {"tree": {"src_files": len(tree.src_files), "src_folders": tree.folders,
                                        "node_modules_folders": tree.module_folders}, "results": scale_results}
            sections.append("### Scale: %s files in %s folders under src/\n\n%s\n\n%s" % (
                format(len(tree.src_files), ","), format(tree.folders, ","), watch_table(scale_results, scale),
                spread_table(scale_results)))
            shutil.rmtree(os.path.join(work, "scale"), ignore_errors=True)
        if "deploy" not in skip:
            log("measuring deploys (devd against a stand-in API server)...")
            bench = deploybench.DeployBench(launcher, work, log)
            deploys = []
            for resources, saves in ((1, settings.deploy_saves), (settings.deploy_large_resources, settings.deploy_large_saves)):
                try:
                    deploys.append(bench.run(resources, saves))
                except watchbench.BenchError as e:
                    log("  FAILED: %s" % e)
                    failed.append(str(e))
            report["deploy"] = deploys
            sections.append("### Deploying (devd's own time; build command and API server left out)\n\n" + deploy_table(deploys))
        if "liveupdate" not in skip:
            bench = liveupdatebench.LiveUpdateBench(ROOT, launcher, work, log)
            missing = bench.missing()
            if missing:
                log("skipping the live update benchmark: %s" % missing)
                report["notes"].append("live update not measured: %s" % missing)
            else:
                log("measuring live updates (podman runtime, examples/hello)...")
                try:
                    live = bench.run(settings.liveupdate_saves)
                    report["liveupdate"] = live
                    sections.append("### Live update (podman runtime, examples/hello)\n\n"
                                    "| save → new content served, p50 / p95 / max | saves |\n|---|---|\n| %s | %d |"
                                    % (fmt_spread(live["save_to_served_ms"], "ms", digits=0), live["save_to_served_ms"]["n"]))
                except (watchbench.BenchError, subprocess.SubprocessError) as e:
                    log("  FAILED: %s" % e)
                    failed.append(str(e))
        if "chatty" not in skip:
            log("measuring a chatty build (%d MB of output)..." % (settings.chatty_bytes // 1_000_000))
            try:
                chatty = chattybench.ChattyBench(launcher, work, log).run(settings.chatty_bytes, settings.chatty_reps)
                report["chatty"] = chatty
                sections.append("### Chatty build (a local resource's cmd printing %d MB)\n\n%s"
                                % (settings.chatty_bytes // 1_000_000, chattybench.table(chatty)))
            except (watchbench.BenchError, subprocess.SubprocessError) as e:
                log("  FAILED: %s" % e)
                failed.append(str(e))
        if "cache" not in skip:
            cache = {}
            log("generating the tree for the digest: %d folders under src/ (seeded)..." % settings.folders)
            tree = treegen.generate(os.path.join(work, "digest"), settings.folders)
            try:
                log("measuring the input digest (devd dump input-digest)...")
                cache["digest"] = cachebench.DigestBench(launcher, log).run(tree, settings.digest_reps)
            except (watchbench.BenchError, subprocess.SubprocessError) as e:
                log("  FAILED: %s" % e)
                failed.append(str(e))
            shutil.rmtree(os.path.join(work, "digest"), ignore_errors=True)
            restart = cachebench.RestartBench(ROOT, launcher, work, log)
            missing = restart.missing()
            if missing:
                log("skipping the restart benchmark: %s" % missing)
                report["notes"].append("restart not measured: %s" % missing)
            else:
                log("measuring restarts of an unchanged project (podman runtime, examples/hello)...")
                try:
                    cache["restart"] = restart.run(settings.restart_reps)
                except (watchbench.BenchError, subprocess.SubprocessError) as e:
                    log("  FAILED: %s" % e)
                    failed.append(str(e))
            report["cache"] = cache
            sections.append("### Build cache (input digest, restart of an unchanged project)\n\n" + cache_tables(cache))
    finally:
        if args.keep:
            log("kept %s" % work)
        else:
            shutil.rmtree(work, ignore_errors=True)

    text = "\n\n".join(sections)
    print(text)
    with open(os.path.join(out_dir, "results.md"), "w") as md:
        md.write(text + "\n")
    with open(os.path.join(out_dir, "results.json"), "w") as raw:
        json.dump(report, raw, indent=2)
    for note in report["notes"]:
        log("note: %s" % note)
    if failed:
        log("%d measurement(s) failed:\n  %s" % (len(failed), "\n  ".join(failed)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
