"""The quick-start app: a one-page Flask site, run by gunicorn (see Procfile)."""

import os

from flask import Flask

app = Flask(__name__)

PAGE = """<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Hello from Hop3!</title></head>
  <body style="font-family: sans-serif; max-width: 36rem; margin: 4rem auto">
    <h1>Hello from Hop3!</h1>
    <p>This Flask app was built and started by Hop3.</p>
    <p>Edit <code>app.py</code>, commit, and deploy again to see your change.</p>
    <p><small>Served by process {pid}.</small></p>
  </body>
</html>
"""


@app.get("/")
def index():
    return PAGE.format(pid=os.getpid())
