#!/bin/sh
# Builds the site the web process serves.
set -eu
mkdir -p site
printf 'Hello from procfile-app, built by build.sh\n' > site/index.html
