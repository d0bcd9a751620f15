"""The watchers the benchmark runs, each started the way its users start it, on the same tree, running the same
command (`date +%s%N >> MARKS`, one line per run) and ignoring node_modules/ and .git/."""
import json
import os
import shlex
import shutil
import signal
import subprocess
import time

import procstat

COMMAND = "date +%%s%%N >> %s"


def mark_command(marks):
    return COMMAND % shlex.quote(marks)


class Tool:
    """One row of the table: a watcher with its settings."""

    key = ""  # what --only names
    name = ""  # the row label
    debounce_ms = 0
    initial_runs = 0  # runs of the command at start that no save caused
    proc = None

    def missing(self):
        """Why the tool cannot run here, or None."""
        return None

    def start(self, tree, marks, work):
        """Starts the tool watching tree.root; returns at once (readiness is measured by saves)."""
        raise NotImplementedError

    def pid(self):
        """The process whose CPU, memory and watches are the tool's."""
        return self.proc.pid

    def stop(self):
        stop_process(self.proc)
        self.proc = None


def stop_process(proc, grace=30):
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def log_file(work, name):
    return open(os.path.join(work, name + ".log"), "ab")


class Devd(Tool):
    """devd up, started through its launcher, with a generated devd.yaml: one local resource over the whole tree."""

    def __init__(self, launcher, debounce_ms, extra_yaml=""):
        self.launcher = launcher
        self.debounce_ms = debounce_ms
        self.key = "devd" if debounce_ms == 100 else "devd%d" % debounce_ms
        self.name = "devd, debounce %d ms%s" % (debounce_ms, " (default)" if debounce_ms == 100 else "")
        self.initial_runs = 1  # devd brings every target up to date at start
        self.extra_yaml = extra_yaml

    def start(self, tree, marks, work):
        with open(os.path.join(tree.root, "devd.yaml"), "w") as config:
            config.write(
                "watch:\n"
                "  ignore: [node_modules]\n"
                "  debounce: %dms\n"
                "localResources:\n"
                "  - {name: mark, cmd: %s, deps: [.]}\n%s" % (self.debounce_ms, json.dumps(mark_command(marks)), self.extra_yaml))
        self.proc = subprocess.Popen([self.launcher, "up", "--port", "0"], cwd=tree.root, stdin=subprocess.DEVNULL,
                                     stdout=log_file(work, self.key), stderr=subprocess.STDOUT)


class InotifyRun(Tool):
    key = "inotify"
    name = "raw inotify in C, no debounce"

    def __init__(self, binary):
        self.binary = binary

    def missing(self):
        return None if os.access(self.binary, os.X_OK) else "%s was not built (gcc missing?)" % self.binary

    def start(self, tree, marks, work):
        self.proc = subprocess.Popen([self.binary, tree.root, mark_command(marks)], stdin=subprocess.DEVNULL,
                                     stdout=log_file(work, self.key), stderr=subprocess.STDOUT)


class Watchman(Tool):
    """A watchman daemon of the benchmark's own (its own socket and state), a watch and a trigger; settle 1 ms."""

    key = "watchman"
    name = "watchman trigger, settle 1 ms"
    initial_runs = 1  # a new trigger runs once for the files already there
    debounce_ms = 1

    def missing(self):
        return None if shutil.which("watchman") else "watchman is not installed"

    def _cli(self, work):
        state = os.path.join(work, "watchman")
        return ["watchman", "--sockname=%s/sock" % state, "--statefile=%s/state" % state, "--logfile=%s/log" % state,
                "--pidfile=%s/pid" % state, "--no-save-state"]

    def start(self, tree, marks, work):
        state = os.path.join(work, "watchman")
        shutil.rmtree(state, ignore_errors=True)
        os.makedirs(state)
        with open(os.path.join(tree.root, ".watchmanconfig"), "w") as config:
            json.dump({"ignore_dirs": ["node_modules"], "settle": 1}, config)
        trigger = ["trigger", tree.root, {"name": "bench", "expression": ["type", "f"],
                                          "command": ["sh", "-c", mark_command(marks)], "append_files": False,
                                          "stdin": "/dev/null"}]
        with open(os.path.join(state, "trigger.json"), "w") as out:
            json.dump(trigger, out)
        self.work = work
        cli = " ".join(shlex.quote(part) for part in self._cli(work))
        # The first client command starts the daemon; the process measured afterwards is the daemon.
        script = "%s watch-project %s >/dev/null && %s -j < %s >/dev/null" % (
            cli, shlex.quote(tree.root), cli, shlex.quote(os.path.join(state, "trigger.json")))
        self.proc = subprocess.Popen(["sh", "-c", script], stdin=subprocess.DEVNULL, stdout=log_file(work, self.key),
                                     stderr=subprocess.STDOUT)
        self.daemon = None

    def pid(self):
        if self.daemon is None:
            out = subprocess.run(self._cli(self.work) + ["get-pid"], capture_output=True, check=True, timeout=30).stdout
            self.daemon = json.loads(out)["pid"]
        return self.daemon

    def stop(self):
        pid = self.pid()
        self.proc.wait(30)
        subprocess.run(self._cli(self.work) + ["shutdown-server"], capture_output=True, timeout=30)
        deadline = time.time() + 30
        while procstat.alive(pid) and time.time() < deadline:
            time.sleep(0.02)
        self.proc = None


class Chokidar(Tool):
    """chokidar-cli (npm), run by node directly so the measured process is the watcher itself."""

    def __init__(self, cli_js, debounce_ms):
        self.cli_js = cli_js
        self.debounce_ms = debounce_ms
        self.key = "chokidar%d" % debounce_ms
        self.name = "chokidar-cli, debounce %d ms%s" % (debounce_ms, " (default)" if debounce_ms == 400 else "")

    def missing(self):
        if not shutil.which("node"):
            return "node is not installed"
        return None if os.path.exists(self.cli_js) else "chokidar-cli is not installed (npm failed?)"

    def start(self, tree, marks, work):
        self.proc = subprocess.Popen(
            ["node", self.cli_js, ".", "-c", mark_command(marks), "-d", str(self.debounce_ms),
             "-i", "**/node_modules", "-i", "**/.git", "--silent"],
            cwd=tree.root, stdin=subprocess.DEVNULL, stdout=log_file(work, self.key), stderr=subprocess.STDOUT)


class InotifyWait(Tool):
    """inotifywait (inotify-tools) watching the tree recursively, its event lines read by a shell loop that runs the
    command for each, through sh -c like every other tool: how a script without a watcher of its own does it. No
    debounce. node_modules and .git are left out with @PATH, which keeps them from being watched at all (--exclude
    only drops their events). Its CPU is inotifywait's own; the loop's, like every tool's commands, is not counted."""

    key = "inotifywait"
    name = "inotifywait piped to a shell loop, no debounce"

    def missing(self):
        return None if shutil.which("inotifywait") else "inotifywait is not installed (inotify-tools)"

    def start(self, tree, marks, work):
        self.proc = subprocess.Popen(
            ["inotifywait", "-m", "-r", "-q", "-e", "modify,create,delete,move", "--format", "%w%f",
             ".", "@./node_modules", "@./.git"],
            cwd=tree.root, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log_file(work, self.key))
        self.loop = subprocess.Popen(["sh", "-c", "while read -r changed; do sh -c %s; done"
                                      % shlex.quote(mark_command(marks))],
                                     cwd=tree.root, stdin=self.proc.stdout, stdout=log_file(work, self.key),
                                     stderr=subprocess.STDOUT)
        self.proc.stdout.close()

    def stop(self):
        super().stop()
        stop_process(self.loop)


class Entr(Tool):
    """entr over the list of files `find src -type f` prints (it watches files, so it misses files created later)."""

    key = "entr"
    name = "entr"
    # entr runs the command once events have stopped for about 50 ms (measured: saves every 30 ms never ran it,
    # saves every 60 ms ran it each time), so it is treated as debounced by that much.
    debounce_ms = 50

    def missing(self):
        return None if shutil.which("entr") else "entr is not installed"

    def start(self, tree, marks, work):
        finder = subprocess.Popen(["find", "src", "-type", "f"], cwd=tree.root, stdout=subprocess.PIPE)
        env = dict(os.environ, SHELL="/bin/sh")
        self.proc = subprocess.Popen(["entr", "-n", "-p", "-s", mark_command(marks)], cwd=tree.root,
                                     stdin=finder.stdout, stdout=log_file(work, self.key), stderr=subprocess.STDOUT,
                                     env=env)
        finder.stdout.close()
        self.finder = finder

    def stop(self):
        super().stop()
        self.finder.wait()
