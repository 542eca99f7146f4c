#!/usr/bin/env bash
# Runs the upstream protocol test suites (engine.io-protocol and socket.io-protocol, test-suite/) against a server
# already listening on 127.0.0.1:PORT that serves their fixture: an Engine.IO echo at /engine.io/ and the suite's
# Socket.IO handler at /socket.io/, pingInterval 300, pingTimeout 200, maxPayload 1000000 (docs/socketio.md,
# "Running the upstream protocol suites by hand"). Never part of the build; nothing of the suites enters the repo.
#
# Usage: scripts/socketio-suites.sh PORT [engine.io|socket.io|both]
#   SOCKETIO_SUITES_DIR     where the suites are copied and installed (default /tmp/parley-socketio-suites)
#   ENGINE_IO_PROTOCOL_GIT  where to clone engine.io-protocol from (default GitHub; a local clone works too)
#   SOCKET_IO_PROTOCOL_GIT  the same for socket.io-protocol
# Exit status: 0 every test passed, 1 a test failed, 2 the server or the suites were not there.
set -euo pipefail

# The commits the suites are pinned to (docs/socketio.md gives the counts they pass with on the reference server).
ENGINE_IO_PROTOCOL_COMMIT=f21de7b00ed09b3bbad2807db718ea5d6bc36aba
SOCKET_IO_PROTOCOL_COMMIT=4f633dd6a4445492d57af3b27ddd2d336014f1f1
# ws 8.5.0 (the suites' lockfile) misses the second of two frames read in one tick in waitFor(): with it the
# socket.io suite loses 3-5 tests on any server. 8.16.0 does not.
WS_VERSION=8.16.0

port="${1:-}"
which="${2:-both}"
if ! [[ "$port" =~ ^[0-9]+$ ]] || ! [[ "$which" =~ ^(engine\.io|socket\.io|both)$ ]]; then
    echo "usage: $0 PORT [engine.io|socket.io|both]" >&2
    exit 2
fi
work="${SOCKETIO_SUITES_DIR:-/tmp/parley-socketio-suites}"
mkdir -p "$work"

# The server must answer an Engine.IO handshake on both paths before anything is installed.
for path in engine.io socket.io; do
    if [ "$which" != both ] && [ "$which" != "$path" ]; then continue; fi
    answer="$(curl -s -m 5 "http://127.0.0.1:$port/$path/?EIO=4&transport=polling" || true)"
    if [[ "$answer" != 0* ]]; then
        echo "socketio-suites: no Engine.IO handshake at http://127.0.0.1:$port/$path/ (got: ${answer:0:80})" >&2
        echo "  start one: java -jar target/parley.jar socketio-fixture --port $port" >&2
        echo "  (the official server: node peers/socketio/reference-server.js $port --suite)" >&2
        exit 2
    fi
done

# Clones repo $1 at commit $2 (from $4; $3 names the variable that overrides it) into $work/$1.git, once, and
# copies its test-suite/ to $work/$1 with its dependencies installed.
prepare() {
    local name="$1" commit="$2" variable="$3" source="$4"
    local git_dir="$work/$name.git" suite="$work/$name/test-suite"
    if ! git --git-dir="$git_dir" cat-file -e "$commit^{commit}" 2>/dev/null; then
        rm -rf "$git_dir"
        if ! git clone --quiet --bare "$source" "$git_dir" \
                || ! git --git-dir="$git_dir" cat-file -e "$commit^{commit}" 2>/dev/null; then
            echo "socketio-suites: cannot get $name at $commit from $source." >&2
            echo "  Offline? Where there is network: git clone https://github.com/socketio/$name.git; bring the" >&2
            echo "  clone here and run again with $variable=/path/to/the/clone" >&2
            exit 2
        fi
    fi
    if [ ! -f "$suite/.installed-$commit" ]; then
        rm -rf "$work/$name"
        mkdir -p "$work/$name"
        git --git-dir="$git_dir" archive "$commit" test-suite | tar -x -C "$work/$name"
        (cd "$suite" && npm ci --no-audit --no-fund --loglevel=error \
            && npm install --no-audit --no-fund --no-save --loglevel=error "ws@$WS_VERSION")
        touch "$suite/.installed-$commit"
    fi
    # the suites call http://localhost:3000; point them at the server under test
    sed -i -E "s#^const URL = \"http://[^\"]*\";#const URL = \"http://127.0.0.1:$port\";#" "$suite/test-suite.js"
    grep -q "^const URL = \"http://127.0.0.1:$port\";" "$suite/test-suite.js"
}

status=0
run() {
    local name="$1" commit="$2" variable="$3" source="$4"
    prepare "$name" "$commit" "$variable" "$source"
    echo "socketio-suites: $name @ ${commit:0:7} (ws $WS_VERSION) against http://127.0.0.1:$port"
    if ! (cd "$work/$name/test-suite" && npx --no-install mocha --reporter dot test-suite.js); then
        status=1
    fi
}

if [ "$which" != socket.io ]; then
    run engine.io-protocol "$ENGINE_IO_PROTOCOL_COMMIT" ENGINE_IO_PROTOCOL_GIT \
        "${ENGINE_IO_PROTOCOL_GIT:-https://github.com/socketio/engine.io-protocol.git}"
fi
if [ "$which" != engine.io ]; then
    run socket.io-protocol "$SOCKET_IO_PROTOCOL_COMMIT" SOCKET_IO_PROTOCOL_GIT \
        "${SOCKET_IO_PROTOCOL_GIT:-https://github.com/socketio/socket.io-protocol.git}"
fi
exit "$status"
