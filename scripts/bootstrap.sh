#!/usr/bin/env bash
# Installs what Hop3's development, quick start and tests need on a fresh Debian 12 machine:
# system packages from apt, Node 24 from the npm registry (into .tools/), npm dependencies.
# Idempotent: a second run installs nothing that is already there.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

say() { printf '==> %s\n' "$*" >&2; }

need_apt=()
command -v git >/dev/null || need_apt+=(git)
command -v curl >/dev/null || need_apt+=(curl)
command -v caddy >/dev/null || need_apt+=(caddy)
# The ACME CA of the HTTPS tests (pebble and pebble-challtestsrv), on loopback only (ADR 41).
command -v pebble >/dev/null || need_apt+=(pebble)
# Wildcard certificates by DNS-01 (ADR 66): the server sends RFC 2136 updates with nsupdate;
# the tests start BIND (named, no service) as the authoritative server of their zone.
command -v nsupdate >/dev/null || need_apt+=(bind9-dnsutils)
[ -x /usr/sbin/named ] || need_apt+=(bind9)
# Debian's prometheus package: promtool checks the /metrics exposition, and a real Prometheus
# scrapes it in the monitoring tests (ADR 46, 62).
{ command -v promtool >/dev/null && command -v prometheus >/dev/null; } || need_apt+=(prometheus)
# The backup engine (ADR 47): encrypted, deduplicated repositories.
command -v restic >/dev/null || need_apt+=(restic)
# Debian's Chromium, driven by playwright-core in the web UI tests (ADR 53); never a downloaded browser.
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
# LDAP sign-in tests (ADR 60): slapd started by the test on a loopback port, with its own config (no service).
[ -x /usr/sbin/slapd ] || need_apt+=(slapd)
command -v ldapadd >/dev/null || need_apt+=(ldap-utils)
command -v nft >/dev/null || need_apt+=(nftables)
command -v tar >/dev/null || need_apt+=(tar)
command -v useradd >/dev/null || need_apt+=(passwd)
# git push over SSH: OpenSSH's sshd (tests start their own on a loopback port), the ssh
# client and ssh-keygen, and flock (one push per app at a time).
fresh_sshd=false
[ -x /usr/sbin/sshd ] || { need_apt+=(openssh-server); fresh_sshd=true; }
command -v ssh >/dev/null && command -v ssh-keygen >/dev/null || need_apt+=(openssh-client)
command -v flock >/dev/null && [ -x /usr/bin/setpriv ] && [ -x /usr/bin/prlimit ] || need_apt+=(util-linux)
[ -x /usr/bin/bwrap ] || need_apt+=(bubblewrap)
# The attack tests build a small shared object (LD_PRELOAD); native modules of apps need it too.
command -v cc >/dev/null || need_apt+=(gcc)
command -v npm >/dev/null || need_apt+=(npm)
[ -x /usr/bin/python3 ] || need_apt+=(python3)
/usr/bin/python3 -m venv --help >/dev/null 2>&1 && /usr/bin/python3 -c 'import ensurepip' 2>/dev/null || need_apt+=(python3-venv)
command -v go >/dev/null || [ -x /usr/local/go/bin/go ] || need_apt+=(golang-go)
# Java apps build with Maven on OpenJDK 17.
command -v javac >/dev/null || need_apt+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || need_apt+=(maven)
# Ruby apps build with Bundler from their vendor/cache.
command -v ruby >/dev/null || need_apt+=(ruby)
command -v bundle >/dev/null || need_apt+=(ruby-bundler)
# PHP apps: Composer at build time, PHP-FPM as their web process.
command -v php >/dev/null || need_apt+=(php-cli)
ls /usr/sbin/php-fpm* >/dev/null 2>&1 || need_apt+=(php-fpm)
command -v composer >/dev/null || need_apt+=(composer)
[ -x /usr/bin/node ] || [ -x /usr/local/bin/node ] || need_apt+=(nodejs)
# Per-line timestamps of app logs (ADR 18): /usr/bin/perl with Time::HiRes (git pulls it in too).
/usr/bin/perl -MTime::HiRes -e 1 2>/dev/null || need_apt+=(perl)
if [ "${#need_apt[@]}" -gt 0 ]; then
  say "installing system packages: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
# Debian's caddy package starts a system caddy on :80; Hop3 runs its own, so stop that one.
if command -v systemctl >/dev/null && systemctl is-active --quiet caddy 2>/dev/null; then
  systemctl disable --now caddy >/dev/null 2>&1 || true
fi
# Debian's bind9 package starts a system named on :53; the tests start their own on a free port.
if command -v systemctl >/dev/null && systemctl is-active --quiet named 2>/dev/null; then
  systemctl disable --now named >/dev/null 2>&1 || true
fi
# Likewise, an sshd installed here only for the tests is not left listening on port 22.
if $fresh_sshd && command -v systemctl >/dev/null && systemctl is-active --quiet ssh 2>/dev/null; then
  systemctl disable --now ssh >/dev/null 2>&1 || true
fi

# Rust: builds run as each app's user, who cannot read /root, so a toolchain installed by
# rustup for root is made available from /opt/hop3/toolchains/rust (hard links when on the
# same file system, else a copy) with cargo and rustc linked into /usr/local/bin. Debian's
# own cargo is too old for crates.io's sparse index, so it does not count as suitable.
rust_home=/opt/hop3/toolchains/rust
rust_ok() { "$1" --version 2>/dev/null | awk '{ split($2, v, "."); exit !(v[1] > 1 || v[2] >= 70) }'; }
if ! rust_ok /usr/local/bin/cargo; then
  rustup_toolchain="${RUSTUP_HOME:-$HOME/.rustup}/toolchains/stable-x86_64-unknown-linux-gnu"
  if [ -x "$rustup_toolchain/bin/cargo" ]; then
    say "making the Rust toolchain of $rustup_toolchain available to every user in $rust_home"
    rm -rf "$rust_home.tmp"
    mkdir -p "$(dirname "$rust_home")"
    cp -al "$rustup_toolchain/." "$rust_home.tmp" 2>/dev/null || { rm -rf "$rust_home.tmp"; cp -a "$rustup_toolchain/." "$rust_home.tmp"; }
    chmod -R a+rX "$rust_home.tmp"
    rm -rf "$rust_home" && mv "$rust_home.tmp" "$rust_home"
    ln -sfn "$rust_home/bin/cargo" /usr/local/bin/cargo
    ln -sfn "$rust_home/bin/rustc" /usr/local/bin/rustc
  else
    say "no Rust toolchain: Rust apps will not build (see docs/builders-langs.md, \"Rust\", to install one system-wide)"
  fi
fi
# Debian's php-fpm package starts a system-wide PHP-FPM; each Hop3 PHP app runs its own.
if command -v systemctl >/dev/null; then
  for unit in $(systemctl list-unit-files 'php*-fpm.service' --no-legend 2>/dev/null | awk '{ print $1 }'); do
    systemctl is-active --quiet "$unit" 2>/dev/null && systemctl disable --now "$unit" >/dev/null 2>&1 || true
  done
fi

node_bin="$root/.tools/node/node_modules/node/bin/node"
if ! [ -x "$node_bin" ] || ! "$node_bin" -e 'process.exit(+process.versions.node.split(".")[0] === 24 ? 0 : 1)'; then
  say "installing Node 24 from the npm registry into .tools/node"
  mkdir -p .tools/node
  npm install --prefix .tools/node --no-save --no-package-lock --loglevel=error node@24 >/dev/null
fi
"$node_bin" -e 'process.exit(+process.versions.node.split(".")[0] === 24 ? 0 : 1)' || { echo "Node 24 was not installed" >&2; exit 1; }
export PATH="$(dirname "$node_bin"):$PATH"

if ! [ -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies"
  npm ci --loglevel=error --no-audit --no-fund >/dev/null
fi

# Addon engines (ADR 42, 51, 69): PostgreSQL 15, MariaDB 10.11, Redis 7.0 and their clients from
# Debian, and versitygw (S3) built with Go from the Go module proxy (a few minutes, once). The list
# is hop3-server's own (packages/server/src/addon-drivers/install/addon-packages.ts): it installs
# only what is missing. Hop3 runs the engines itself: Debian's own clusters and services are left alone.
"$node_bin" packages/server/src/main.ts addons:install postgres mysql redis >/dev/null
"$node_bin" packages/server/src/main.ts addons:install s3 >/dev/null \
  || say "versitygw could not be built: s3 addons will not start (see docs/addons.md)"

# Python build tools for the python builder (ADR 0020): uv, Poetry and Pipenv, pinned, in one
# virtualenv under /opt (world-readable: builds run as each app's user, later in a read-only
# sandbox, so nothing may live under /root), linked into /usr/local/bin.
py_tools=/opt/hop3/tools/python
py_tool_pins=(uv==0.13.9 poetry==2.5.1 pipenv==2026.10.3)
if ! [ -f "$py_tools/.pins" ] || [ "$(cat "$py_tools/.pins")" != "${py_tool_pins[*]}" ]; then
  say "installing Python build tools into $py_tools: ${py_tool_pins[*]}"
  rm -rf "$py_tools"
  /usr/bin/python3 -m venv "$py_tools"
  "$py_tools/bin/pip" install --quiet --disable-pip-version-check --no-input "${py_tool_pins[@]}" >/dev/null
  chmod -R a+rX "$py_tools"
  echo "${py_tool_pins[*]}" > "$py_tools/.pins"
fi
for tool in uv uvx poetry pipenv; do
  [ "$(readlink "/usr/local/bin/$tool" 2>/dev/null)" = "$py_tools/bin/$tool" ] || ln -sfn "$py_tools/bin/$tool" "/usr/local/bin/$tool"
done
