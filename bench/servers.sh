# Sourced by bench/run.sh and bench/paired.sh: one server at a time, pinned to $SERVER_CPU, on 127.0.0.1:$PORT,
# its output appended to $OUT/server-NAME.log; stopped with TERM, then KILL after 5 s (also on exit and Ctrl-C).
source bench/lib.sh
SERVER_PID=

launch_server() { # NAME COMMAND... -> SERVER_PID; fails if it exits or does not listen within 30 s
    local name=$1; shift
    taskset -c "$SERVER_CPU" "$@" >> "$OUT/server-$name.log" 2>&1 &
    SERVER_PID=$!
    wait_listen "$PORT" "$SERVER_PID" "$name" "$OUT/server-$name.log" || { stop_server; return 1; }
}

stop_server() {
    [ -n "$SERVER_PID" ] || return 0
    stop_pid "$SERVER_PID"
    SERVER_PID=
}
trap stop_server EXIT
trap 'stop_server; exit 130' INT TERM
