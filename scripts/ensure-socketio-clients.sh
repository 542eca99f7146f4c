#!/usr/bin/env bash
# The Socket.IO client tests (dev.parley.socketio.clients) run the official clients as processes: Debian's
# python3-socketio under /usr/bin/python3, and Node's socket.io-client (with socket.io as the reference server) from
# peers/socketio/node_modules, installed from its lockfile. Install what is missing (apt needs root).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! /usr/bin/python3 -c 'import socketio' 2>/dev/null; then
    if [ "$(id -u)" != 0 ]; then
        echo "ensure-socketio-clients: python3-socketio is missing; install it with:" \
             "sudo apt-get install python3-socketio python3-websocket" >&2
        exit 1
    fi
    echo "ensure-socketio-clients: installing Debian's python3-socketio"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq python3-socketio python3-websocket python3-requests >/dev/null
fi
/usr/bin/python3 -c 'from importlib.metadata import version as v; print("python-socketio", v("python-socketio"))' \
    | sed 's/^/ensure-socketio-clients: /'
scripts/npm-ci-if-changed.sh ensure-socketio-clients peers/socketio
client_package=./peers/socketio/node_modules/socket.io-client/package.json
node -p "'ensure-socketio-clients: socket.io-client ' + require('$client_package').version"
