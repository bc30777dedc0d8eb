#!/usr/bin/env bash
# Quick start: installs what is missing, starts hop3-server in the background with a local
# state root, deploys examples/hello-python and prints its URL. Run as root on Debian 12.
#   HOP3_HOME (default ./.hop3-quickstart), HOP3_HTTP_PORT (default 8080) may be set.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash scripts/bootstrap.sh
export PATH="$root/.tools/node/node_modules/node/bin:$PATH"
echo "==> building hop3-server and hop3 (npm run build)" >&2
npm run build --silent >/dev/null

export HOP3_HOME="${HOP3_HOME:-$root/.hop3-quickstart}"
export HOP3_HTTP_PORT="${HOP3_HTTP_PORT:-8080}"
export HOP3_DOMAIN="${HOP3_DOMAIN:-localhost}"
export HOP3_API_PORT="${HOP3_API_PORT:-0}"
# A local try-out: plain HTTP on a high port, no certificates (docs/domains.md for HTTPS).
export HOP3_TLS="${HOP3_TLS:-off}"
server="$root/packages/server/bin/hop3-server"
hop3="$root/packages/cli/bin/hop3"
mkdir -p "$HOP3_HOME"
pidfile="$HOP3_HOME/server.pid"
tokenfile="$HOP3_HOME/quickstart-token"

if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  echo "==> stopping the hop3-server started by an earlier quick start" >&2
  kill "$(cat "$pidfile")"
  while kill -0 "$(cat "$pidfile")" 2>/dev/null; do sleep 0.2; done
fi

if [ ! -s "$tokenfile" ]; then
  ( umask 077; "$server" setup --new-token --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.parse(s).token))' > "$tokenfile" )
else
  "$server" setup >/dev/null
fi
export HOP3_URL="unix://$HOP3_HOME/hop3.sock"
HOP3_TOKEN="$(cat "$tokenfile")"
export HOP3_TOKEN

echo "==> starting hop3-server (state root $HOP3_HOME, apps on port $HOP3_HTTP_PORT; log in $HOP3_HOME/server.log)" >&2
nohup "$server" run >"$HOP3_HOME/server.log" 2>&1 &
echo $! >"$pidfile"
for _ in $(seq 1 100); do
  "$hop3" status >/dev/null 2>&1 && break
  kill -0 "$(cat "$pidfile")" 2>/dev/null || { cat "$HOP3_HOME/server.log" >&2; echo "hop3-server failed to start" >&2; exit 1; }
  sleep 0.2
done

"$hop3" deploy --app hello "$root/examples/hello-python"
url="http://hello.$HOP3_DOMAIN:$HOP3_HTTP_PORT/"
echo
echo "==> curl $url"
curl --silent --show-error --fail "$url"
echo
cat <<TXT

Hop3 is running (pid $(cat "$pidfile")). Try:
  export PATH="$root/.tools/node/node_modules/node/bin:\$PATH" HOP3_URL="$HOP3_URL" HOP3_TOKEN="\$(cat $tokenfile)"
  $hop3 apps
  $hop3 ps hello
Stop the server with: kill \$(cat $pidfile)   (apps and Caddy keep serving; the next run adopts them)
Remove the sample app with: $hop3 apps:destroy hello --yes
TXT
