"""The build cache benchmarks.

- Digest: `devd dump input-digest` on the benchmark tree (one image whose deps are src/, 50,000 files), with no index
  (a first start: every file is read and hashed) and with the index a previous run left (a restart: one lstat per
  file). The figure is devd's own, from loading the index to the last digest, printed on stderr; the process's wall
  time (JVM start included) is kept beside it.
- Restart: `devd up` on a copy of examples/hello (podman runtime) that was built and deployed before, stopped, and
  started again with nothing changed: from the process's start, and from devd's "watching" line, to its summary line
  (every resource up to date), with the cache and with --no-cache; the build command counts its runs in a marks file.
"""
import os
import re
import resource
import shutil
import subprocess
import time

import liveupdatebench
import tools
from watchbench import BenchError, summary

DIGEST_LINE = re.compile(r"([\d,]+) input files: ([\d,]+) read, ([\d,]+) from the index; digests in ([\d.]+) s")


class DigestBench:
    def __init__(self, launcher, log):
        self.launcher = launcher
        self.log = log

    def run(self, tree, reps):
        with open(os.path.join(tree.root, "devd.yaml"), "w") as config:
            config.write("watch:\n  ignore: [node_modules]\nimages:\n  - {ref: tree, command: \"true\", deps: [src]}\n")
        index = os.path.join(tree.root, ".devd", "cache", "index")
        # A file hashed within seconds of its last change is read again next time (FileIndex.RACY_WINDOW, 4 s): the
        # tree was just written, so it is left alone a little longer than that first.
        time.sleep(5)
        cold, cold_wall, cold_cpu, warm, warm_wall, warm_cpu = [], [], [], [], [], []
        files = 0
        for _ in range(reps):
            if os.path.exists(index):
                os.remove(index)
            seconds, wall, cpu, files, read = self._dump(tree.root)
            if read != files:
                raise BenchError("a start without an index read %d of %d files" % (read, files))
            cold.append(seconds)
            cold_wall.append(wall)
            cold_cpu.append(cpu)
            seconds, wall, cpu, files, read = self._dump(tree.root)
            if read != 0:
                raise BenchError("a restart with the index read %d files; expected none" % read)
            warm.append(seconds)
            warm_wall.append(wall)
            warm_cpu.append(cpu)
        self.log("  digest of %d files: %.2f s without the index, %.2f s with it (p50)" % (
            files, summary(cold)["p50"], summary(warm)["p50"]))
        return {"files": files, "cold_s": summary(cold), "cold_process_s": summary(cold_wall),
                "cold_process_cpu_s": summary(cold_cpu), "index_s": summary(warm), "index_process_s": summary(warm_wall),
                "index_process_cpu_s": summary(warm_cpu)}

    def _dump(self, root):
        """devd's own time, the process's wall time and CPU time (JVM start included), files, files read."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.monotonic()
        done = subprocess.run([self.launcher, "dump", "input-digest"], cwd=root, capture_output=True, text=True)
        wall = time.monotonic() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        found = DIGEST_LINE.search(done.stderr)
        if done.returncode != 0 or found is None:
            raise BenchError("devd dump input-digest failed (%d): %s" % (done.returncode, done.stderr[-500:]))
        number = lambda text: int(text.replace(",", ""))
        return float(found.group(4)), wall, cpu, number(found.group(1)), number(found.group(2))


class RestartBench(liveupdatebench.LiveUpdateBench):
    """Needs what the live update benchmark needs (podman and buildah) and runs on a copy of the same example."""

    def run(self, reps):
        base = os.path.join(self.work, "restart")
        project = os.path.join(base, "hello")
        port = liveupdatebench.free_port()
        name = "devd-bench-cache-%d" % os.getpid()
        liveupdatebench.copy_example(self.root, project, name, port)
        marks = os.path.join(base, "builds.marks")
        build = os.path.join(project, "build.sh")
        with open(build) as f:
            script = f.read()
        with open(build, "w") as f:
            f.write(script.replace("set -eu\n", "set -eu\ndate +%%s%%N >> %s\n" % marks, 1))
        env = liveupdatebench.container_env(self.root)
        url = "http://127.0.0.1:%d/index.html" % port
        try:
            self._start(project, env, base, url, [], "first")  # builds and deploys once
            results = {}
            for key, flags in (("cache", []), ("no_cache", ["--no-cache"])):
                runs = [self._start(project, env, base, url, flags, "%s-%d" % (key, i)) for i in range(reps)]
                results[key] = {"start_to_deployed_s": summary([r["deployed"] for r in runs]),
                                "ready_to_deployed_s": summary([r["deployed"] - r["ready"] for r in runs]),
                                "devd_reported_s": summary([r["reported"] for r in runs]),
                                "builds": [r["builds"] for r in runs]}
                self.log("  restart %s: start → deployed %.2f s, ready → deployed %.2f s (p50), builds %s" % (
                    key, results[key]["start_to_deployed_s"]["p50"], results[key]["ready_to_deployed_s"]["p50"],
                    results[key]["builds"]))
        finally:
            subprocess.run([self.launcher, "down"], cwd=project, env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.STDOUT, timeout=120)
            self._remove_images(name, env)
        return results

    def _start(self, project, env, base, url, flags, label):
        """Starts devd up, waits for its summary line, stops it; the times are from the process's start."""
        marks = os.path.join(base, "builds.marks")
        builds_before = self._lines(marks)
        log_path = os.path.join(base, "devd-%s.log" % label)
        started = time.monotonic()
        proc = subprocess.Popen([self.launcher, "up", "--port", "0"] + flags, cwd=project, env=env,
                                stdin=subprocess.DEVNULL, stdout=open(log_path, "wb"), stderr=subprocess.STDOUT)
        ready = deployed = reported = None
        try:
            deadline = started + 180
            while deployed is None:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise BenchError("devd up did not bring the example up to date; see %s" % log_path)
                with open(log_path, errors="replace") as f:
                    text = f.read()
                now = time.monotonic() - started
                if ready is None and "devd is watching" in text:
                    ready = now
                found = re.search(r"resources? up to date in ([\d.]+)(ms|s)", text)
                if found:
                    deployed = now
                    reported = float(found.group(1)) / (1000 if found.group(2) == "ms" else 1)
                time.sleep(0.005)
            if liveupdatebench.fetch(url) is None:
                raise BenchError("devd said the example is up to date, and it does not answer; see %s" % log_path)
        finally:
            tools.stop_process(proc)
        return {"ready": ready if ready is not None else deployed, "deployed": deployed, "reported": reported,
                "builds": self._lines(marks) - builds_before}

    @staticmethod
    def _lines(path):
        if not os.path.exists(path):
            return 0
        with open(path) as f:
            return len(f.readlines())

    @staticmethod
    def _remove_images(name, env):
        listed = subprocess.run(["podman", "images", "--format", "{{.ID}}", "--filter", "reference=%s" % name],
                                env=env, capture_output=True, text=True)
        for image in set(listed.stdout.split()):
            subprocess.run(["podman", "rmi", "-f", image], env=env, capture_output=True)
