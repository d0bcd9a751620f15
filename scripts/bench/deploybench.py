"""The deploy benchmark: devd's own time from a save to its apply requests, and for rendering and applying 1,000
objects, against a stand-in API server that records when each request arrives (apiserver.py). The build command
writes its start and end to a marks file and the ref to deploy to a file (outputsImageRefTo), so its time can be
taken out; the server's time is recorded per request (dry runs and discovery too) and reported beside devd's, as the
time it was answering at least one of them."""
import json
import os
import shlex
import subprocess
import time

import apiserver
import procstat
import tools
from watchbench import BenchError, Marks, summary


def manifests(resources):
    """The same YAML as the JMH RenderBench: per resource a Deployment of image app and the 4 Services selecting it."""
    parts = []
    for i in range(resources):
        name = "web-%d" % i
        parts.append("""apiVersion: apps/v1
kind: Deployment
metadata: {name: %(n)s, labels: {app: %(n)s}}
spec:
  replicas: 1
  selector: {matchLabels: {app: %(n)s}}
  template:
    metadata: {labels: {app: %(n)s}}
    spec:
      containers:
        - name: web
          image: app
          ports: [{containerPort: 8080}, {containerPort: 9090}]
          env: [{name: INDEX, value: "%(i)d"}]
""" % {"n": name, "i": i})
        for service in ("", "-metrics", "-admin", "-debug"):
            parts.append("apiVersion: v1\nkind: Service\nmetadata: {name: %s%s}\n"
                         "spec: {selector: {app: %s}, ports: [{port: 80, targetPort: 8080}]}\n" % (name, service, name))
    return "---\n".join(parts)


def write_project(root, resources, marks):
    os.makedirs(os.path.join(root, "src"))
    os.makedirs(os.path.join(root, "k8s"))
    with open(os.path.join(root, "src", "main.go"), "w") as out:
        out.write("package main\n")
    with open(os.path.join(root, "k8s", "app.yaml"), "w") as out:
        out.write(manifests(resources))
    quoted = shlex.quote(marks)
    command = "date +%%s%%N >> %s; echo localhost:5000/app:b$(date +%%s%%N) > ref.txt; date +%%s%%N >> %s" % (quoted, quoted)
    with open(os.path.join(root, "devd.yaml"), "w") as out:
        out.write("k8sYaml: [k8s/app.yaml]\nruntime: kubernetes\nimages:\n"
                  "  - ref: app\n    command: %s\n    deps: [src]\n    outputsImageRefTo: ref.txt\n"
                  % json.dumps(command))


def applies(requests):
    """The real applies: PATCHes that are not dry runs."""
    return [r for r in requests if r[1] == "PATCH" and "dryRun=" not in r[2]]


def server_busy_ns(requests, start, end):
    """How long, between start and end, the server was answering at least one request (the union of their spans, so
    requests devd sends side by side count once): what is left of the span is devd's own time."""
    spans = sorted((max(r[0], start), min(r[0] + r[3], end)) for r in requests if r[3] > 0 and r[0] < end)
    busy, reach = 0, start
    for begin, finish in spans:
        begin = max(begin, reach)
        if finish > begin:
            busy += finish - begin
            reach = finish
    return busy


class DeployBench:
    def __init__(self, launcher, work, log):
        self.launcher = launcher
        self.work = work
        self.log = log

    def run(self, resources, saves):
        objects = 5 * resources
        base = os.path.join(self.work, "deploy-%d" % resources)
        project = os.path.join(base, "project")
        marks = Marks(os.path.join(base, "build-marks"))
        os.makedirs(base)
        write_project(project, resources, marks.path)
        server = apiserver.ApiServer()
        kubeconfig = os.path.join(base, "kubeconfig")
        server.kubeconfig(kubeconfig)
        env = dict(os.environ, KUBECONFIG=kubeconfig)
        proc = subprocess.Popen([self.launcher, "up", "--port", "0"], cwd=project, env=env, stdin=subprocess.DEVNULL,
                                stdout=open(os.path.join(base, "devd.log"), "ab"), stderr=subprocess.STDOUT)
        try:
            self._wait_applied(server, proc, 0, objects, 120, base)
            to_apply, to_last, cpu, server_time, builds, own = [], [], [], [], [], []
            source = os.path.join(project, "src", "main.go")
            for i in range(saves):
                runs_before = len(marks.read())
                cpu_before = procstat.cpu_seconds(proc.pid)
                saved = time.time_ns()
                with open(source, "a") as out:
                    out.write("// save %d\n" % i)
                runs = marks.wait_for(runs_before + 2, 30)
                if runs is None:
                    raise BenchError("devd did not run the build command within 30 s of a save; see %s/devd.log" % base)
                build_start, build_end = runs[runs_before], runs[runs_before + 1]
                done = self._wait_applied(server, proc, build_end, objects, 120, base)
                cpu.append(procstat.cpu_seconds(proc.pid) - cpu_before)
                first, last = min(r[0] for r in done), max(r[0] for r in done)
                build = build_end - build_start
                to_apply.append((first - saved - build) / 1e6)
                to_last.append((last - build_end) / 1e6)
                server_time.append(server_busy_ns(server.recorder.since(build_end), build_end, last) / 1e6)
                builds.append(build / 1e6)
                own.append(to_last[-1] - server_time[-1])
        finally:
            tools.stop_process(proc)
            server.close()
        self.log("  %d objects: save → first apply %.1f ms (p50), build end → last apply %.0f ms (p50)" % (
            objects, summary(to_apply)["p50"], summary(to_last)["p50"]))
        return {"resources": resources, "objects": objects, "save_to_first_apply_ms": summary(to_apply),
                "build_end_to_last_apply_ms": summary(to_last), "server_ms": summary(server_time),
                "devd_own_ms": summary(own),
                "devd_cpu_s": summary(cpu), "build_command_ms": summary(builds)}

    def _wait_applied(self, server, proc, since_ns, objects, timeout, base):
        """Waits until `objects` apply requests arrived after since_ns and nothing came for 0.5 s; returns them."""
        deadline = time.monotonic() + timeout
        quiet_since, count = time.monotonic(), -1
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise BenchError("devd exited with %s; see %s/devd.log" % (proc.returncode, base))
            done = applies(server.recorder.since(since_ns))
            if len(done) != count:
                count, quiet_since = len(done), time.monotonic()
            elif count >= objects and time.monotonic() - quiet_since > 0.5:
                return done
            time.sleep(0.02)
        raise BenchError("devd applied %d of %d objects within %d s; see %s/devd.log" % (count, objects, timeout, base))
