#!/usr/bin/env bash
# The load-balancer tests (dev.parley.scaling) run the chat through Debian's HAProxy. Install it when missing (root, apt).
set -euo pipefail
if [ -x /usr/sbin/haproxy ]; then
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "ensure-haproxy: /usr/sbin/haproxy is missing; install it with: sudo apt-get install haproxy" >&2
    exit 1
fi
echo "ensure-haproxy: installing Debian's haproxy"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq haproxy >/dev/null
/usr/sbin/haproxy -v | head -1
