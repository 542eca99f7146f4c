# Sourced by the bench scripts (run.sh, paired.sh, socketio.sh, chat-redis.sh, chat-vs-socketio.sh, chat-profile.sh,
# through servers.sh or directly): what they all do the same way. Functions only, no traps: each script stops what it
# starts in its own.
# `say` appends to $LOG, which the sourcing script sets.

say() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$LOG"; }

stop_pid() { # PID: TERM, then KILL after 5 s; reaped either way
    kill -TERM "$1" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

wait_listen() { # PORT PID NAME LOGFILE: 0 once 127.0.0.1:PORT accepts; 1 (why on stderr) if PID exits first or in 30 s
    for _ in $(seq 1 300); do
        kill -0 "$2" 2>/dev/null || { echo "$3 exited at start; see $4" >&2; return 1; }
        if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    echo "$3 did not listen on $1 within 30 s" >&2; return 1
}

rotation() { # ROUND NAME... -> ORDER: the names rotated left by ROUND - 1 (round 1 keeps their order)
    local round=$1 i; shift
    local names=("$@")
    ORDER=()
    for i in $(seq 0 $(($# - 1))); do ORDER+=("${names[$(( (i + round - 1) % $# ))]}"); done
}

results_dir() { # -> $OUT made, $RESULTS (emptied) and $LOG in it; the open-files limit raised to the hard one
    mkdir -p "$OUT"
    RESULTS=$OUT/results.jsonl
    LOG=$OUT/run.log
    : > "$RESULTS"
    ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
}

jfr_profile() { # PID OUT SECONDS: a JFR recording of PID over SECONDS into OUT.jfr (the JDK's profile settings, an
    # execution sample every 2 ms), and bench/jfr-top.py's summary of it in OUT.txt
    local pid=$1 out=$2 seconds=$3 java_home
    java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    /usr/bin/python3 - "$java_home/lib/jfr/profile.jfc" "$out.jfc" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
sampling = r'(<event name="jdk.ExecutionSample">.*?<setting name="period"[^>]*>)[^<]*'
text = re.sub(sampling, r'\g<1>2 ms', text, flags=re.S)
open(sys.argv[2], "w").write(text)
PY
    jcmd "$pid" JFR.start name=p settings="$out.jfc" > /dev/null
    sleep "$seconds"
    jcmd "$pid" JFR.dump name=p filename="$out.jfr" > /dev/null
    jcmd "$pid" JFR.stop name=p > /dev/null
    /usr/bin/python3 bench/jfr-top.py "$out.jfr" 40 > "$out.txt"
}
