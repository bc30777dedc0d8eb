"""Writes and reads a value in PostgreSQL (psql), MariaDB (mariadb), Redis (redis-cli) and S3 (s3.py), as the addons give them."""
import http.server
import os
import subprocess
import urllib.parse

import s3


def psql(sql, *params, prefix=""):
    args = ["psql", os.environ[prefix + "DATABASE_URL"], "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1"]
    for i, value in enumerate(params):
        args += ["-v", f"p{i}={value}"]
    return subprocess.run(args, input=sql, capture_output=True, text=True, timeout=20)


def redis(*command):
    env = dict(os.environ, REDISCLI_AUTH=os.environ["REDIS_PASSWORD"])
    # Hop3's own Redis: its socket; an external one: host and port (ACL user, REDIS_KEY_PREFIX).
    where = ["-s", os.environ["REDIS_SOCKET"]] if "REDIS_SOCKET" in os.environ else ["-h", os.environ["REDIS_HOST"], "-p", os.environ["REDIS_PORT"]]
    args = ["redis-cli", "--no-auth-warning", *where, "--user", os.environ["REDIS_USER"], *command]
    return subprocess.run(args, capture_output=True, text=True, timeout=20, env=env)


def mariadb(sql, prefix="MY_"):
    # Attached with --as MY: MY_MYSQL_*; the unix_socket plugin knows the app by its account.
    # On an external server: host, port and the attachment's password (in the environment, not argv).
    env = dict(os.environ)
    if prefix + "MYSQL_UNIX_PORT" in os.environ:
        where = ["-S", os.environ[prefix + "MYSQL_UNIX_PORT"]]
    else:
        where = ["-h", os.environ[prefix + "MYSQL_HOST"], "-P", os.environ[prefix + "MYSQL_TCP_PORT"]]
        env["MYSQL_PWD"] = os.environ[prefix + "MYSQL_PWD"]
    args = ["mariadb", "--no-defaults", "--batch", "--skip-column-names", *where,
            "-u", os.environ[prefix + "MYSQL_USER"], os.environ[prefix + "MYSQL_DATABASE"]]
    return subprocess.run(args, input=sql, capture_output=True, text=True, timeout=20, env=env)


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        if url.path == "/pg/write":
            done = psql("CREATE TABLE IF NOT EXISTS kv (k text PRIMARY KEY, v text);"
                        "INSERT INTO kv VALUES ('k', :'p0') ON CONFLICT (k) DO UPDATE SET v = excluded.v;", query["v"])
        elif url.path == "/pg/read":
            # ?prefix=COPY reads the addon attached as COPY (COPY_DATABASE_URL).
            done = psql("SELECT v FROM kv WHERE k = 'k';", prefix=query.get("prefix", ""))
        elif url.path == "/redis/write":
            done = redis("SET", os.environ.get("REDIS_KEY_PREFIX", "") + "k", query["v"])
        elif url.path == "/redis/read":
            done = redis("GET", os.environ.get("REDIS_KEY_PREFIX", "") + "k")
        elif url.path == "/mysql/write":
            value = query["v"].replace("\\", "").replace("'", "")
            done = mariadb("CREATE TABLE IF NOT EXISTS kv (k VARCHAR(10) PRIMARY KEY, v TEXT);"
                           f"REPLACE INTO kv VALUES ('k', '{value}');")
        elif url.path == "/mysql/read":
            done = mariadb("SELECT v FROM kv WHERE k = 'k';", prefix=query.get("prefix", "MY_"))
        elif url.path in ("/s3/write", "/s3/read"):
            # ?bucket=NAME tries another bucket with this app's own key (the isolation test).
            prefix, bucket = query.get("prefix", ""), query.get("bucket")
            if url.path == "/s3/write":
                status, text = s3.request("PUT", "kept.txt", query["v"].encode(), prefix=prefix, bucket=bucket)
            else:
                status, text = s3.request("GET", "kept.txt", prefix=prefix, bucket=bucket)
            return self.reply(200 if status == 200 else 502, text if status == 200 else f"S3 answered {status}: {text}")
        elif url.path == "/build/s3":
            with open("built-with-s3.txt") as f:
                return self.reply(200, f.read().strip())
        elif url.path == "/build":
            with open("built-with-db.txt") as f:
                return self.reply(200, f.read().strip())
        else:
            return self.reply(200, "addons-app")
        ok = done.returncode == 0 and "ERR" not in done.stdout
        self.reply(200 if ok else 500, (done.stdout if ok else done.stdout + done.stderr).strip())

    def reply(self, status, text):
        body = text.encode()
        self.send_response(status)
        self.send_header("content-type", "text/plain")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer((os.environ.get("HOST", "127.0.0.1"), int(os.environ["PORT"])), Handler).serve_forever()
