"""A tiny app for release tests: its body names its version and GREETING; /health follows HEALTH."""
import http.server
import os

with open("VERSION") as f:
    VERSION = f.read().strip()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/visits":
            # Counts visits in the app's persistent data directory.
            path = os.path.join(os.environ["HOP3_DATA_DIR"], "visits")
            count = int(open(path).read()) + 1 if os.path.exists(path) else 1
            with open(path, "w") as f:
                f.write(str(count))
            self.reply(200, str(count))
            return
        if self.path == "/health":
            with open("HEALTH") as f:
                healthy = f.read().strip() == "ok"
            self.reply(200 if healthy else 500, "ok" if healthy else "sick")
            return
        self.reply(200, f"{os.environ.get('GREETING', 'hello')} from release-app {VERSION}")

    def reply(self, status, text):
        body = text.encode()
        self.send_response(status)
        self.send_header("content-type", "text/plain")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


print(f"release-app {VERSION} listening on {os.environ['PORT']}", flush=True)
http.server.ThreadingHTTPServer((os.environ.get("HOST", "127.0.0.1"), int(os.environ["PORT"])), Handler).serve_forever()
