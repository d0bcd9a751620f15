"""The live update benchmark: devd up on a copy of examples/hello (podman runtime, no cluster), then saves of
site/index.html, each timed from the write to the moment the container serves the new content over HTTP."""
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request

import tools
from watchbench import BenchError, summary


def container_env(root):
    """The environment with devd's podman and buildah settings for this kind of machine (scripts/lib/runtime.sh)."""
    script = '. "%s/scripts/lib/runtime.sh" && devd_container_settings && env -0' % root
    out = subprocess.run(["bash", "-c", script], capture_output=True, check=True).stdout
    return dict(item.split("=", 1) for item in out.decode().split("\0") if "=" in item)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode(errors="replace")
    except OSError:
        return None


def copy_example(root, project, name, port):
    """Copies examples/hello to `project` with its image and workload named `name`, served on 127.0.0.1:`port`."""
    shutil.copytree(os.path.join(root, "examples", "hello"), project)
    manifest = os.path.join(project, "k8s", "hello.yaml")
    with open(manifest) as f:
        yaml = f.read()
    yaml = re.sub(r"hostPort: \d+", "hostPort: %d" % port, yaml).replace("name: hello", "name: %s" % name)
    yaml = yaml.replace("image: hello", "image: %s" % name)
    with open(manifest, "w") as f:
        f.write(yaml)
    config = os.path.join(project, "devd.yaml")
    with open(config) as f:
        text = f.read().replace("ref: hello", "ref: %s" % name)
    with open(config, "w") as f:
        f.write(text)


class LiveUpdateBench:
    def __init__(self, root, launcher, work, log):
        self.root = root
        self.launcher = launcher
        self.work = work
        self.log = log

    def missing(self):
        for command in ("podman", "buildah"):
            if shutil.which(command) is None:
                return "%s is not installed (scripts/test installs the container packages as root)" % command
        return None

    def run(self, saves):
        base = os.path.join(self.work, "liveupdate")
        project = os.path.join(base, "hello")
        port = free_port()
        # Names of the benchmark's own, so it never replaces the example (or a test) running on this machine.
        name = "devd-bench-%d" % os.getpid()
        copy_example(self.root, project, name, port)
        page = os.path.join(project, "site", "index.html")
        url = "http://127.0.0.1:%d/index.html" % port
        env = container_env(self.root)
        log_path = os.path.join(base, "devd.log")
        proc = subprocess.Popen([self.launcher, "up", "--port", "0"], cwd=project, env=env, stdin=subprocess.DEVNULL,
                                stdout=open(log_path, "ab"), stderr=subprocess.STDOUT)
        latencies = []
        try:
            deadline = time.monotonic() + 180
            while fetch(url) is None:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise BenchError("the example never served %s; see %s" % (url, log_path))
                time.sleep(0.2)
            time.sleep(1)  # let devd finish its first pass before the first save
            for i in range(saves):
                marker = "devd-bench-edit-%d-%d" % (i, time.time_ns())
                saved = time.time_ns()
                with open(page, "w") as out:
                    out.write("<html><body><h1>hello</h1><p>%s</p></body></html>\n" % marker)
                deadline = time.monotonic() + 30
                while True:
                    body = fetch(url)
                    if body is not None and marker in body:
                        latencies.append((time.time_ns() - saved) / 1e6)
                        break
                    if time.monotonic() > deadline:
                        raise BenchError("save %d was not served within 30 s; see %s" % (i + 1, log_path))
                    time.sleep(0.003)
                time.sleep(0.5)
        finally:
            tools.stop_process(proc)
            subprocess.run([self.launcher, "down"], cwd=project, env=env, stdout=open(log_path, "ab"),
                           stderr=subprocess.STDOUT, timeout=120)
        with open(log_path, errors="replace") as f:
            synced = len(re.findall(r"live update|[Ss]ync", f.read()))
        result = {"save_to_served_ms": summary(latencies), "log_lines_about_sync": synced}
        self.log("  live update: save → served p50 %.0f ms over %d saves" % (result["save_to_served_ms"]["p50"], saves))
        return result
