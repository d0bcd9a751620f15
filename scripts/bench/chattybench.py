"""The chatty build benchmark: a command that prints 200 MB (about 2.5 million lines) run by devd up as a local
resource's cmd, against the same pipe to /dev/null, and, for scale, through cat to /dev/null (the least any reader of
a pipe costs). The command times itself (date before and after), so each figure is the command's own wall time,
without devd's start-up; under devd it waits whenever devd has not yet read what it wrote, so its time is as long as
devd takes to read, print and keep the output. devd's own stdout goes to /dev/null like the bare pipe's, so what is
measured is devd, not a terminal."""
import os
import subprocess
import time

import tools
from watchbench import BenchError, summary

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
        with open(os.path.join(project, "src", "a.txt"), "w") as f:
            f.write("x\n")
        bare, through_cat, under_devd, log_sizes = [], [], [], []
        for rep in range(reps):
            elapsed = os.path.join(base, "bare-elapsed")
            subprocess.run(["sh", "-c", command(size_bytes, elapsed)], stdout=subprocess.DEVNULL, check=True)
            bare.append(read_seconds(elapsed))
            subprocess.run(["sh", "-c", command(size_bytes, elapsed, " | cat")], stdout=subprocess.DEVNULL, check=True)
            through_cat.append(read_seconds(elapsed))
            elapsed = os.path.join(base, "devd-elapsed")
            if os.path.exists(elapsed):
                os.remove(elapsed)
            with open(os.path.join(project, "devd.yaml"), "w") as f:
                f.write("localResources:\n  - name: chatty\n    cmd: \"%s\"\n    deps: [src]\n"
                        % command(size_bytes, elapsed).replace("\\", "\\\\").replace('"', '\\"'))
            log_path = os.path.join(project, ".devd", "devd.log")
            if os.path.exists(log_path):
                os.remove(log_path)
            proc = subprocess.Popen([self.launcher, "up", "--port", "0"], cwd=project, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=open(os.path.join(base, "devd-stderr"), "ab"))
            try:
                deadline = time.monotonic() + 600
                while not build_done(log_path):
                    if proc.poll() is not None:
                        raise BenchError("devd exited with %s during the chatty build; see %s and %s" % (
                            proc.returncode, log_path, os.path.join(base, "devd-stderr")))
                    if time.monotonic() > deadline:
                        raise BenchError("devd did not finish the chatty build in 10 minutes; see %s" % log_path)
                    time.sleep(0.05)
            finally:
                tools.stop_process(proc)
            under_devd.append(read_seconds(elapsed))
            log_sizes.append(sum(os.path.getsize(os.path.join(project, ".devd", name))
                                 for name in os.listdir(os.path.join(project, ".devd")) if name.startswith("devd.log")))
            self.log("  chatty build %d: bare pipe %.2f s, through cat %.2f s, under devd %.2f s, log files %d bytes"
                     % (rep + 1, bare[-1], through_cat[-1], under_devd[-1], log_sizes[-1]))
        return {"bytes": size_bytes, "bare_s": summary(bare), "cat_s": summary(through_cat), "devd_s": summary(under_devd),
                "ratio": summary(under_devd)["p50"] / summary(bare)["p50"],
                "cat_ratio": summary(through_cat)["p50"] / summary(bare)["p50"], "log_bytes": max(log_sizes)}


def build_done(log_path):
    try:
        with open(log_path, errors="replace") as f:
            return "[chatty] cmd done" in f.read()
    except OSError:
        return False


def read_seconds(path):
    with open(path) as f:
        return int(f.read().strip()) / 1e9


def table(result):
    return ("| output | bare pipe to /dev/null, p50 | under devd up, p50 | devd ÷ bare | through cat ÷ bare | "
            "log files after it |\n"
            "|---|---|---|---|---|---|\n"
            "| %d MB in %s lines | %.2f s | %.2f s | %.2f | %.2f | %s |" % (
                result["bytes"] // 1_000_000, format(result["bytes"] // (len(LINE) + 1), ","),
                result["bare_s"]["p50"], result["devd_s"]["p50"], result["ratio"], result["cat_ratio"],
                size_text(result["log_bytes"])))


def size_text(size):
    return "%.1f kB" % (size / 1000) if size < 1_000_000 else "%.1f MB" % (size / 1_000_000)
