"""The watch benchmark: for each tool, on the same tree and by the same method, how soon after its start a save is
noticed, how long a save takes to start the command, what a burst of writes costs, and what the tool costs idle."""
import os
import time

import procstat


class BenchError(Exception):
    """A measurement that could not be made; the message says which and why."""


class Marks:
    """The file the command appends `date +%s%N` to: one line per run, its start time in nanoseconds."""

    def __init__(self, path):
        self.path = path
        if os.path.exists(path):
            os.remove(path)

    def read(self):
        try:
            with open(self.path) as marks:
                lines = marks.read().split("\n")
        except FileNotFoundError:
            return []
        return [int(line) for line in lines[:-1] if line.strip()]  # a last line without newline is still being written

    def wait_for(self, count, timeout, poll=0.002, tick=None):
        """Waits until at least `count` runs are recorded, calling tick() between looks; returns the runs or None."""
        deadline = time.monotonic() + timeout
        while True:
            runs = self.read()
            if len(runs) >= count:
                return runs
            if time.monotonic() > deadline:
                return None
            if tick:
                tick()
            time.sleep(poll)

    def wait_quiet(self, quiet, timeout):
        """Waits until no run has started for `quiet` seconds; returns the runs (None if it never got quiet)."""
        deadline = time.monotonic() + timeout
        runs = self.read()
        last_change = time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(min(0.02, quiet / 4))
            now_runs = self.read()
            if len(now_runs) != len(runs):
                runs = now_runs
                last_change = time.monotonic()
            elif time.monotonic() - last_change >= quiet:
                return runs
        return None


def save(path):
    """A save as an editor makes it, appending to the file; returns the time just before the write, in ns."""
    started = time.time_ns()
    with open(path, "ab") as out:
        out.write(b"x\n")
    return started


def log_tail(work, key, lines=10):
    """The last lines a tool wrote to its log, indented, for an error message: the work folder is gone by the time
    anyone reads the run's output (CI keeps only what was printed)."""
    try:
        with open(os.path.join(work, key + ".log"), "rb") as f:
            text = f.read()[-4000:].decode(errors="replace")
    except OSError as e:
        return "    (no log: %s)" % e
    kept = text.rstrip().splitlines()[-lines:] or ["(empty)"]
    return "\n".join("    " + line for line in kept)


def quiet_period(tool):
    return max(0.3, 3 * tool.debounce_ms / 1000 + 0.2)


def percentile(values, fraction):
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, int(-(-fraction * len(ordered) // 1)))  # ceil
    return ordered[min(rank, len(ordered)) - 1]


def summary(values):
    if not values:
        return None
    return {"n": len(values), "p50": percentile(values, 0.5), "p95": percentile(values, 0.95), "max": max(values),
            "min": min(values)}


class WatchBench:
    """Runs the measurements of one tool on one tree."""

    def __init__(self, tree, work, settings, log):
        self.tree = tree
        self.work = work
        self.settings = settings
        self.log = log
        files = [os.path.join(tree.root, path) for path in tree.src_files]
        # Saves go to files spread over the whole tree, so that no tool gains from registering one folder first.
        step = max(1, len(files) // 64)
        self.spread = files[::step][:64]
        self.files = files

    def run(self, tool):
        s = self.settings
        result = {"tool": tool.name, "key": tool.key, "debounce_ms": tool.debounce_ms}
        marks_path = os.path.join(self.work, "marks-%s" % tool.key)
        ready = []
        # Ready is measured where saves can come close together; a debounce of 100 ms or more would hide it.
        measures_ready = tool.debounce_ms <= 50
        starts = s.ready_reps if measures_ready else 1
        for rep in range(starts):
            marks = Marks(marks_path)
            started = time.time_ns()
            tool.start(self.tree, marks_path, self.work)
            try:
                first = self._first_noticed_save(tool, marks, started)
            except BaseException:
                tool.stop()
                raise
            if measures_ready:
                ready.append((first - started) / 1e9)
            self.log("  %s: start %d: first save noticed after %.3f s" % (tool.key, rep + 1, (first - started) / 1e9))
            if rep < starts - 1:
                tool.stop()
        try:
            result.update(self._steady(tool, marks))
        finally:
            tool.stop()
        result["ready_s"] = summary(ready)
        return result

    def _first_noticed_save(self, tool, marks, started):
        """Saves over and over from the start; returns the start time of the first run a save caused (ns)."""
        s = self.settings
        # A debounced tool only runs once saves pause, so saves come a little slower than its debounce.
        interval = tool.debounce_ms / 1000 + 0.01
        state = {"next": 0.0, "i": 0}

        def tick():
            if time.monotonic() >= state["next"]:
                save(self.spread[state["i"] % len(self.spread)])
                state["i"] += 1
                state["next"] = time.monotonic() + interval
            if tool.proc is not None and tool.proc.poll() not in (None, 0):
                raise BenchError("%s exited with %s while starting; its output ended with:\n%s" % (
                    tool.name, tool.proc.returncode, log_tail(self.work, tool.key)))

        runs = marks.wait_for(tool.initial_runs + 1, s.ready_timeout, poll=0.002, tick=tick)
        if runs is None:
            raise BenchError("%s noticed no save within %d s of its start; its output ended with:\n%s" % (
                tool.name, s.ready_timeout, log_tail(self.work, tool.key)))
        return runs[tool.initial_runs]

    def _steady(self, tool, marks):
        s = self.settings
        quiet = quiet_period(tool)
        if marks.wait_quiet(quiet, 60) is None:
            raise BenchError("%s kept running its command with no saves" % tool.name)
        pid = tool.pid()
        result = {"watches": procstat.inotify_watches(pid)}
        # Idle right after start: nothing changes; whatever CPU the tool uses now is the tail of its start-up, its own
        # polling or its timers.
        before = procstat.thread_cpu_seconds(pid)
        time.sleep(s.idle_seconds)
        used = procstat.thread_cpu_seconds(pid) - before
        result["idle_cpu_percent"] = 100 * used / s.idle_seconds
        result["rss_idle_mb"] = procstat.rss_mb(pid)

        latencies, extra_runs = [], 0
        for i in range(s.latency_reps):
            runs_before = len(marks.read())
            path = self.spread[(7 * i + 3) % len(self.spread)]
            written = save(path)
            runs = marks.wait_for(runs_before + 1, 5 + tool.debounce_ms / 1000)
            if runs is None:
                raise BenchError("%s did not run the command within 5 s of save %d (%s)" % (tool.name, i + 1, path))
            latencies.append((runs[runs_before] - written) / 1e6)
            settled = marks.wait_quiet(quiet, 30)
            extra_runs += len(settled) - runs_before - 1
        result["latency_ms"] = summary(latencies)
        result["latency_extra_runs"] = extra_runs
        self.log("  %s: latency p50 %.1f ms over %d saves" % (tool.key, result["latency_ms"]["p50"], len(latencies)))

        bursts = []
        for b in range(s.burst_reps):
            runs_before = len(marks.read())
            cpu_before = procstat.cpu_seconds(pid)
            offset = (b * 997) % len(self.files)
            targets = [self.files[(offset + k) % len(self.files)] for k in range(min(s.burst_size, len(self.files)))]
            first_write = time.time_ns()
            for path in targets:
                with open(path, "ab") as out:
                    out.write(b"y\n")
            last_write = time.time_ns()
            settled = marks.wait_quiet(max(1.0, quiet), s.burst_timeout)
            if settled is None:
                raise BenchError("%s was still running commands %d s after a burst" % (tool.name, s.burst_timeout))
            cpu = procstat.cpu_seconds(pid) - cpu_before
            new = settled[runs_before:]
            bursts.append({"runs": len(new), "cpu_s": cpu, "writes_s": (last_write - first_write) / 1e9,
                           "run_after_last_write": bool(new) and max(new) >= last_write})
            self.log("  %s: burst %d: %d writes -> %d runs, %.2f CPU-s" % (tool.key, b + 1, len(targets), len(new), cpu))
        result["bursts"] = bursts
        # Idle again, once the work is done: what the tool costs for the rest of the day.
        before = procstat.thread_cpu_seconds(pid)
        time.sleep(s.idle_seconds)
        result["idle_after_cpu_percent"] = 100 * (procstat.thread_cpu_seconds(pid) - before) / s.idle_seconds
        result["rss_after_mb"] = procstat.rss_mb(pid)
        result["rss_peak_mb"] = procstat.rss_mb(pid, "VmHWM")
        return result
