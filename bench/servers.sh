# Sourced by bench/run.sh and bench/paired.sh: one server at a time, pinned to $SERVER_CPU, on 127.0.0.1:$PORT,
# its output appended to $OUT/server-NAME.log; stopped with TERM, then KILL after 5 s (also on exit and Ctrl-C).
SERVER_PID=

launch_server() { # NAME COMMAND... -> SERVER_PID; fails if it exits or does not listen within 30 s
    local name=$1; shift
    taskset -c "$SERVER_CPU" "$@" >> "$OUT/server-$name.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 300); do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            echo "$name exited at start; see $OUT/server-$name.log" >&2; SERVER_PID=; return 1
        fi
        if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    echo "$name did not listen on $PORT within 30 s" >&2; stop_server; return 1
}

stop_server() {
    [ -n "$SERVER_PID" ] || return 0
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
}
trap stop_server EXIT
trap 'stop_server; exit 130' INT TERM
