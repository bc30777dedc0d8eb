import importlib.util
import platform


def app(environ, start_response):
    """A WSGI app saying which Python runs it and whether dev dependencies leaked in."""
    dev = "present" if importlib.util.find_spec("iniconfig") else "absent"
    body = f"Hello from python-pipenv (Python {platform.python_version()}, dev dependencies {dev})\n".encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
