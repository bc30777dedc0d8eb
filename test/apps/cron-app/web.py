"""A tiny web process for the cron tests: / answers the ticks the cron job wrote so far."""
import http.server
import os

TICKS = os.path.join(os.environ["HOP3_DATA_DIR"], "ticks")


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        try:
            with open(TICKS, "rb") as ticks:
                body = ticks.read()
        except FileNotFoundError:
            body = b""
        body = b"release " + os.environ.get("HOP3_RELEASE", "?").encode() + b"\n" + body
        self.send_response(200)
        self.send_header("content-type", "text/plain")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer((os.environ.get("HOST", "127.0.0.1"), int(os.environ["PORT"])), Handler).serve_forever()
