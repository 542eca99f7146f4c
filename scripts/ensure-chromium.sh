#!/usr/bin/env bash
# The browser tests drive Debian's Chromium through its chromedriver. Install both when missing (root, apt).
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "ensure-chromium: /usr/bin/chromium or /usr/bin/chromedriver is missing;" \
         "install them with: sudo apt-get install chromium chromium-driver" >&2
    exit 1
fi
echo "ensure-chromium: installing Debian's chromium and chromium-driver"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium chromium-driver >/dev/null
/usr/bin/chromium --version
