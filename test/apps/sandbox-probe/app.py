"""Tries what an app must not be able to do, and reports each attempt.

GET /probe?read=PATH&write=PATH&list=PATH (each repeatable) answers a JSON object mapping
each attempt ("read PATH", "write PATH", "list PATH") to "allowed" (or, for a listing,
"entries: a,b") or "denied: <reason>".
GET /facts answers the process's view of the machine: its user, open-files limit, the
process ids it can see. GET /alloc?mb=N fills N MiB of memory. GET /write?path=P&text=T writes a file (to plant a neighbour's secret).
GET /link?path=P&target=T makes P a symbolic link to T (to lead the server somewhere else).
GET /connect?to=HOST:PORT (repeatable) tries a TCP connection to each and answers "connected"
or "refused"/"unreachable"/"timeout"/... for each.
It listens on 0.0.0.0 on purpose, as a careless app would: the network guard must still keep
its port from the outside.
"""
import errno
import socket
import http.server
import json
import os
import resource
import urllib.parse


def attempt(action, path):
    try:
        if action == "read":
            with open(path, "rb") as f:
                f.read(64)
        elif action == "write":
            with open(path, "w") as f:
                f.write("written by the probe\n")
        else:
            entries = sorted(os.listdir(path))
            return f"entries: {','.join(entries)}" if entries else "denied: empty (hidden)"
        return "allowed"
    except OSError as error:
        return f"denied: {error.strerror}"


def facts():
    pids = sorted(int(name) for name in os.listdir("/proc") if name.isdigit())
    return {
        "user": os.getuid(),
        "openFiles": resource.getrlimit(resource.RLIMIT_NOFILE)[0],
        "visiblePids": pids,
        "dataDir": os.environ.get("HOP3_DATA_DIR"),
    }


def connect(target):
    host, port = target.rsplit(":", 1)
    host = host.strip("[]")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.settimeout(10)
        try:
            sock.connect((host, int(port)))
            return "connected"
        except socket.timeout:
            return "timeout"
        except OSError as error:
            kinds = {errno.ECONNREFUSED: "refused", errno.EHOSTUNREACH: "unreachable", errno.ENETUNREACH: "unreachable", errno.EACCES: "forbidden", errno.EPERM: "forbidden"}
            return kinds.get(error.errno, f"error: {error.strerror}")


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        query = urllib.parse.parse_qs(url.query)
        if url.path == "/probe":
            result = {f"{action} {path}": attempt(action, path) for action in ("read", "write", "list") for path in query.get(action, [])}
        elif url.path == "/connect":
            result = {target: connect(target) for target in query.get("to", [])}
        elif url.path == "/facts":
            result = facts()
        elif url.path == "/alloc":
            held = b"x" * (int(query["mb"][0]) * 1024 * 1024)
            result = {"allocated": len(held)}
        elif url.path == "/write":
            with open(query["path"][0], "w") as f:
                f.write(query["text"][0])
            result = {"written": query["path"][0]}
        elif url.path == "/link":
            try:
                os.symlink(query["target"][0], query["path"][0])
                result = {"linked": query["path"][0]}
            except OSError as error:
                result = {"denied": error.strerror}
        else:
            result = {"ok": True}
        body = json.dumps(result).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("0.0.0.0", int(os.environ["PORT"])), Handler).serve_forever()
