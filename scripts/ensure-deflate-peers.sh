#!/usr/bin/env bash
# The permessage-deflate peer tests (DeflatePeer and the *DeflatePeers*IT / DeflatePeerClientsIT tests) run real
# servers and clients as processes: Node's ws from peers/node/node_modules (installed from its lockfile) and Debian's
# python3-websockets under /usr/bin/python3. Install what is missing (apt needs root).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! /usr/bin/python3 -c 'import websockets' 2>/dev/null; then
    if [ "$(id -u)" != 0 ]; then
        echo "ensure-deflate-peers: python3-websockets is missing; install it with:" \
             "sudo apt-get install python3-websockets" >&2
        exit 1
    fi
    echo "ensure-deflate-peers: installing Debian's python3-websockets"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq python3-websockets >/dev/null
fi
/usr/bin/python3 -c 'import websockets; print("ensure-deflate-peers: python-websockets", websockets.__version__)'
scripts/npm-ci-if-changed.sh ensure-deflate-peers peers/node
node -p "'ensure-deflate-peers: ws ' + require('./peers/node/node_modules/ws/package.json').version"
