"""A tiny app for config tests: / answers a JSON of GREETING and of every T_* variable."""
import http.server
import json
import os


if os.environ.get("T_CRASH"):
    raise SystemExit("T_CRASH is set: exiting on purpose")


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        shown = {k: v for k, v in os.environ.items() if k.startswith("T_") or k in ("GREETING", "HOP3_RELEASE")}
        body = json.dumps(shown, sort_keys=True).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer((os.environ.get("HOST", "127.0.0.1"), int(os.environ["PORT"])), Handler).serve_forever()
