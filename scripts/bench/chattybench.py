"""The chatty build benchmark: a command that prints 200 MB (about 2.5 million lines) run by devd up as a local
resource's cmd, against the same pipe to /dev/null, and, for scale, through cat to /dev/null (the least any reader of
a pipe costs).

The command times itself (date before and after), so each figure is the command's own wall time, without devd's
start-up; under devd it waits whenever devd has not yet read what it wrote, so its time is as long as devd takes to
read, print and keep the output. devd's own stdout goes to /dev/null like the bare pipe's, so what is measured is
devd, not a terminal. The big build is the second run of the cmd, caused by a save once devd is up (the first, at
start, does nothing), so devd's CPU for the output is measured apart from its start-up: that figure hardly depends on
what else the machine does, unlike the wall times."""
import os
import subprocess
import time

import procstat
import tools
from watchbench import BenchError, save, summary

LINE = "the quick brown fox jumps over the lazy dog, compiling module 1234 of 5678 ..."


def command(size_bytes, elapsed_file, reader=""):
    """A shell script that prints size_bytes of lines (through reader, when given) and writes its own wall time (ns)
    to elapsed_file."""
    return ("start=$(date +%%s%%N); yes '%s' | head -c %d%s; end=$(date +%%s%%N); echo $((end - start)) > %s"
            % (LINE, size_bytes, reader, elapsed_file))


class ChattyBench:
    def __init__(self, launcher, work, log):
        self.launcher = launcher
        self.work = work
        self.log = log

    def run(self, size_bytes, reps):
        base = os.path.join(self.work, "chatty")
        project = os.path.join(base, "project")
        os.makedirs(os.path.join(project, "src"), exist_ok=True)
        source = os.path.join(project, "src", "a.txt")
        with open(source, "w") as f:
            f.write("x\n")
        go = os.path.join(base, "go")
        bare, through_cat, under_devd, devd_cpu, log_sizes = [], [], [], [], []
        for rep in range(reps):
            elapsed = os.path.join(base, "elapsed")
            subprocess.run(["sh", "-c", command(size_bytes, elapsed)], stdout=subprocess.DEVNULL, check=True)
            bare.append(read_seconds(elapsed))
            subprocess.run(["sh", "-c", command(size_bytes, elapsed, " | cat")], stdout=subprocess.DEVNULL, check=True)
            through_cat.append(read_seconds(elapsed))
            os.remove(elapsed)
            script = "[ -f %s ] || exit 0; rm %s; %s" % (go, go, command(size_bytes, elapsed))
            with open(os.path.join(project, "devd.yaml"), "w") as f:
                f.write("localResources:\n  - name: chatty\n    cmd: \"%s\"\n    deps: [src]\n"
                        % script.replace("\\", "\\\\").replace('"', '\\"'))
            state = os.path.join(project, ".devd")
            for name in os.listdir(state) if os.path.isdir(state) else []:
                if name.startswith("devd.log"):
                    os.remove(os.path.join(state, name))
            log_path = os.path.join(state, "devd.log")
            stderr_path = os.path.join(base, "devd-stderr")
            proc = subprocess.Popen([self.launcher, "up", "--port", "0"], cwd=project, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=open(stderr_path, "ab"))
            try:
                self._await_builds(proc, log_path, stderr_path, 1)
                cpu_before = procstat.cpu_seconds(proc.pid)  # the launcher execs java: same pid
                open(go, "w").close()
                save(source)
                self._await_builds(proc, log_path, stderr_path, 2)
                devd_cpu.append(procstat.cpu_seconds(proc.pid) - cpu_before)
            finally:
                tools.stop_process(proc)
            under_devd.append(read_seconds(elapsed))
            log_sizes.append(sum(os.path.getsize(os.path.join(state, name))
                                 for name in os.listdir(state) if name.startswith("devd.log")))
            self.log("  chatty build %d: bare pipe %.2f s, through cat %.2f s, under devd %.2f s (devd's CPU %.2f s), "
                     "log files %d bytes" % (rep + 1, bare[-1], through_cat[-1], under_devd[-1], devd_cpu[-1],
                                             log_sizes[-1]))
        return {"bytes": size_bytes, "bare_s": summary(bare), "cat_s": summary(through_cat),
                "devd_s": summary(under_devd), "devd_cpu_s": summary(devd_cpu),
                "ratio": summary(under_devd)["p50"] / summary(bare)["p50"],
                "cat_ratio": summary(through_cat)["p50"] / summary(bare)["p50"], "log_bytes": max(log_sizes)}

    @staticmethod
    def _await_builds(proc, log_path, stderr_path, count):
        deadline = time.monotonic() + 600
        while builds_done(log_path) < count:
            if proc.poll() is not None:
                raise BenchError("devd exited with %s during the chatty build; see %s and %s" % (
                    proc.returncode, log_path, stderr_path))
            if time.monotonic() > deadline:
                raise BenchError("devd did not finish the chatty build in 10 minutes; see %s" % log_path)
            time.sleep(0.02)


def builds_done(log_path):
    try:
        with open(log_path, errors="replace") as f:
            return f.read().count("[chatty] up to date in")
    except OSError:
        return 0


def read_seconds(path):
    with open(path) as f:
        return int(f.read().strip()) / 1e9


def table(result):
    return ("| output | bare pipe to /dev/null, p50 | under devd up, p50 | devd ÷ bare | through cat ÷ bare | "
            "devd's CPU for it, p50 | log files after it |\n"
            "|---|---|---|---|---|---|---|\n"
            "| %d MB in %s lines | %.2f s | %.2f s | %.2f | %.2f | %.2f s | %s |" % (
                result["bytes"] // 1_000_000, format(result["bytes"] // (len(LINE) + 1), ","),
                result["bare_s"]["p50"], result["devd_s"]["p50"], result["ratio"], result["cat_ratio"],
                result["devd_cpu_s"]["p50"], size_text(result["log_bytes"])))


def size_text(size):
    return "%.1f kB" % (size / 1000) if size < 1_000_000 else "%.1f MB" % (size / 1_000_000)
