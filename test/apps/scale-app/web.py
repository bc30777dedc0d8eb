"""A web process for the scaling tests: answers with its port (one per instance), over HTTP/1.1 keep-alive."""
import http.server
import os

instance = f"web on port {os.environ['PORT']}"


class Handler(http.server.BaseHTTPRequestHandler):
    # Keep-alive, as most app servers do: the proxy may reuse a connection for many requests.
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        body = instance.encode()
        self.send_response(200)
        self.send_header("content-type", "text/plain")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


print(f"scale-app web listening on {os.environ['PORT']}", flush=True)
http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
