"""A tiny app for the attack tests: /headers answers the client-address headers it got, / its release."""
import http.server
import json
import os


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/headers":
            shown = {name: self.headers.get(name) for name in ("X-Real-IP", "X-Forwarded-For")}
        else:
            shown = {"release": os.environ.get("HOP3_RELEASE")}
        body = json.dumps(shown, sort_keys=True).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
