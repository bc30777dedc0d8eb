#!/bin/sh
# The build step queries the attached database: DATABASE_URL is there at build time too.
set -eu
if [ -n "${DATABASE_URL:-}" ]; then
  psql "$DATABASE_URL" -X -A -t -c "SELECT 'build saw ' || current_database()" > built-with-db.txt
else
  echo "no database at build time" > built-with-db.txt
fi
# The s3 addon's variables are there at build time too.
echo "build saw bucket ${S3_BUCKET:-none}" > built-with-s3.txt
