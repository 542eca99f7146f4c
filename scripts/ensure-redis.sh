#!/usr/bin/env bash
# The Redis tests (RedisProcess) start Debian's redis-server on a free loopback port. Install it when missing (root, apt).
set -euo pipefail
if [ -x /usr/bin/redis-server ]; then
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "ensure-redis: /usr/bin/redis-server is missing; install it with: sudo apt-get install redis-server" >&2
    exit 1
fi
echo "ensure-redis: installing Debian's redis-server"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq redis-server >/dev/null
/usr/bin/redis-server --version
