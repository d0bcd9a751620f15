#!/bin/sh
# The example's program: it reads its message once, when it starts (as a compiled program reads its configuration),
# and serves a page with it on port 8080. A new message.txt in the container shows only after a restart.
set -eu
message=$(cat /app/message.txt)
mkdir -p /www
printf '<h1>%s</h1>\n<p>started at %s</p>\n' "$message" "$(date +%T)" > /www/index.html
echo "serving: $message"
exec httpd -f -p 8080 -h /www
