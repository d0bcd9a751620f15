"""A stand-in Kubernetes API server that records when each request arrives, for devd's deploy benchmark.

It answers what devd asks while deploying to an empty cluster: its version (1.30) and the discovery of the core and
apps APIs, server-side apply (PATCH with an apply patch) that stores the object and echoes it (a dry run,
?dryRun=All, echoes without storing), gets of stored objects, empty lists, watches that stay open and quiet, 404 for
the rest. It is not a cluster (nothing runs, nothing is validated); it is a clock at the far end of devd's requests.
"""
import http.server
import json
import threading
import time
import urllib.parse


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = []  # (arrival ns, method, path, handling ns)
        self.objects = {}
        self.stopping = threading.Event()

    def record(self, arrival, method, path, took):
        with self.lock:
            self.requests.append((arrival, method, path, took))

    def since(self, start_ns):
        with self.lock:
            return [r for r in self.requests if r[0] >= start_ns]


def _resources(group_version, kinds):
    return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": group_version,
            "resources": [{"name": name, "singularName": "", "namespaced": namespaced, "kind": kind,
                           "verbs": ["create", "delete", "get", "list", "patch", "update", "watch"]}
                          for name, kind, namespaced in kinds]}


# What devd asks before applying: the version (whether dry runs can be trusted) and which kinds each apiVersion serves.
DISCOVERY = {
    "/version": {"major": "1", "minor": "30", "gitVersion": "v1.30.0"},
    "/api/v1": _resources("v1", [("namespaces", "Namespace", False), ("pods", "Pod", True),
                                 ("services", "Service", True), ("configmaps", "ConfigMap", True),
                                 ("secrets", "Secret", True), ("serviceaccounts", "ServiceAccount", True),
                                 ("events", "Event", True)]),
    "/apis/apps/v1": _resources("apps/v1", [("deployments", "Deployment", True), ("replicasets", "ReplicaSet", True),
                                            ("statefulsets", "StatefulSet", True), ("daemonsets", "DaemonSet", True)]),
}


def _status(code, reason, message):
    return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": message,
            "reason": reason, "code": code}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle's algorithm the body then waits for the client's delayed
    # ACK (40 ms on Linux), which would be charged to devd.
    disable_nagle_algorithm = True
    recorder = None  # set by ApiServer

    def log_message(self, *args):
        pass

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(self, code, payload):
        data = json.dumps(payload).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _handle(self, method):
        arrival = time.time_ns()
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        path = url.path.rstrip("/")
        body = self._body()
        if method == "GET" and query.get("watch", ["false"])[0] in ("true", "1"):
            self.recorder.record(arrival, method, self.path, 0)
            self._watch()
            return
        if method in ("PATCH", "PUT", "POST"):
            try:
                obj = json.loads(body or b"{}")
            except ValueError:
                obj = {}
            if method == "POST":
                path = path + "/" + obj.get("metadata", {}).get("name", "")
            meta = obj.setdefault("metadata", {})
            existed = path in self.recorder.objects
            meta.setdefault("uid", "uid-%x" % (hash(path) & 0xFFFFFFFF))
            meta["resourceVersion"] = str(time.time_ns())
            meta.setdefault("creationTimestamp", "2026-01-01T00:00:00Z")
            if "dryRun" not in query:
                self.recorder.objects[path] = obj
            code, payload = (200 if existed or method == "PATCH" else 201), obj
        elif method == "DELETE":
            self.recorder.objects.pop(path, None)
            code, payload = 200, {"kind": "Status", "apiVersion": "v1", "status": "Success"}
        elif method == "GET" and path in DISCOVERY:
            code, payload = 200, DISCOVERY[path]
        elif path in self.recorder.objects:
            code, payload = 200, self.recorder.objects[path]
        elif path.endswith(("/pods", "/deployments", "/services", "/configmaps", "/secrets", "/serviceaccounts",
                            "/events", "/replicasets")):
            kind = {"pods": "PodList"}.get(path.rsplit("/", 1)[1], "List")
            code, payload = 200, {"kind": kind, "apiVersion": "v1", "metadata": {"resourceVersion": "1"}, "items": []}
        else:
            code, payload = 404, _status(404, "NotFound", "%s not found" % path)
        self._send(code, payload)
        self.recorder.record(arrival, method, self.path, time.time_ns() - arrival)

    def _watch(self):
        # A watch of a cluster where nothing happens: headers, then silence until devd or the benchmark stops.
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.wfile.flush()
        while not self.recorder.stopping.wait(0.5):
            pass
        self.close_connection = True

    def do_GET(self):
        self._handle("GET")

    def do_PATCH(self):
        self._handle("PATCH")

    def do_PUT(self):
        self._handle("PUT")

    def do_POST(self):
        self._handle("POST")

    def do_DELETE(self):
        self._handle("DELETE")


class ApiServer:
    """The stand-in server on a free port of 127.0.0.1, serving on background threads."""

    def __init__(self):
        self.recorder = Recorder()
        handler = type("BoundHandler", (Handler,), {"recorder": self.recorder})
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def kubeconfig(self, path):
        # kind-* is one of the context names devd deploys to without asking (a local cluster).
        with open(path, "w") as out:
            out.write("apiVersion: v1\nkind: Config\ncurrent-context: kind-devd-bench\n"
                      "contexts:\n- name: kind-devd-bench\n  context: {cluster: bench, user: bench, namespace: default}\n"
                      "clusters:\n- name: bench\n  cluster: {server: \"http://127.0.0.1:%d\"}\n"
                      "users:\n- name: bench\n  user: {token: bench}\n" % self.port)

    def close(self):
        self.recorder.stopping.set()
        self.server.shutdown()
        self.server.server_close()
