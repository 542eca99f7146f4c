// Socket.IO load client for bench/socketio.sh: the official socket.io-client (peers/socketio/node_modules, installed
// by scripts/ensure-socketio-clients.sh) against one server URL, one workload, one transport. One Node process, one
// thread: it prints its own CPU beside the server's, and near saturation the rate is the client's (flag `client`).
//
//   node bench/socketio-load.js --url http://127.0.0.1:3000 --workload echo --transport websocket -c 50
//   node bench/socketio-load.js --url http://127.0.0.1:8025 --workload bcast --transport polling -c 100 --pid 1234
//
// Workloads (the server side: docs/performance.md, "Socket.IO"):
//   echo   N clients on namespace "/", each emits `message-with-ack` with a SIZE-byte string and waits for the ack
//          before the next (closed loop, one in flight per client): acks/s, latency emit -> ack.
//   bcast  N clients on namespace "/chat" (auth {name}), all `join` one room; the first one `say`s a SIZE-byte text,
//          the next say goes when all N members (the sender too) got the `message`: deliveries/s, latency say ->
//          each member's delivery, and say -> the last one (fan-out).
// Transports: websocket (no polling first) or polling (never upgrades). Prints one JSON line on stdout (appended to
// --json FILE too); exits 1 if the workload could not run (connect failed, stall). Traffic to the URL only.
'use strict';
const fs = require('fs');
const path = require('path');
const { io } = require(path.join(__dirname, '..', 'peers', 'socketio', 'node_modules', 'socket.io-client'));

const opts = parse(process.argv.slice(2));
const TICKS = 100; // /proc's clock ticks per second (USER_HZ) on Linux

function parse(argv) {
  const o = { url: 'http://127.0.0.1:3000', workload: 'echo', transport: 'websocket', c: 50, size: 32, warmup: 2,
    duration: 5, pid: null, json: null, label: '', round: 0, stall: 10 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--?/, '');
    if (!(key in o)) throw new Error(`unknown option ${argv[i]}`);
    o[key] = typeof o[key] === 'number' || key === 'pid' ? Number(argv[i + 1]) : argv[i + 1];
  }
  return o;
}

function cpuOf(pid) { // utime + stime in seconds, or null
  if (!pid) return null;
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch (e) {
    return null;
  }
}

function machineBusy() { // [busy, total] jiffies of all CPUs
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const busy = f[0] + f[1] + f[2] + f[5] + f[6];
  return [busy, busy + f[3] + f[4]];
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

const now = () => Number(process.hrtime.bigint()) / 1000; // µs
const payload = 'x'.repeat(opts.size);
const sockets = [];
const window = { on: false, ops: 0, lat: [], fan: [] };
let errors = 0;
let lastProgress = now();

function fail(message) {
  finish({ ok: false, failure: message });
}

function connectAll(namespace, auth) {
  return new Promise((resolve, reject) => {
    let connected = 0;
    for (let i = 0; i < opts.c; i++) {
      const socket = io(opts.url + namespace, { transports: [opts.transport], upgrade: false, forceNew: true,
        reconnection: false, auth: auth(i), timeout: 20000 });
      socket.on('connect', () => { if (++connected === opts.c) resolve(); });
      socket.on('connect_error', (e) => reject(new Error(`connect ${namespace}: ${e.message}`)));
      socket.on('disconnect', (reason) => {
        if (!finished) { errors++; fail(`a client was disconnected: ${reason}`); }
      });
      sockets.push(socket);
    }
  });
}

function echo() {
  return connectAll('/', () => ({})).then(() => {
    for (const socket of sockets) {
      const next = () => {
        const sent = now();
        socket.emit('message-with-ack', payload, (answer) => {
          lastProgress = now();
          if (answer !== payload) errors++;
          if (window.on) { window.ops++; window.lat.push(lastProgress - sent); }
          if (!finished) next();
        });
      };
      next();
    }
  });
}

function bcast() {
  const room = `bench${process.pid}`;
  const tag = process.pid.toString(36);
  return connectAll('/chat', (i) => ({ name: `b${tag}_${i}` }))
    .then(() => Promise.all(sockets.map((s) => new Promise((resolve, reject) => {
      s.emit('join', { room }, (answer) => (answer && answer.type === 'ack' ? resolve() : reject(
        new Error(`join refused: ${JSON.stringify(answer)}`))));
    }))))
    .then(() => {
      let seq = 0;
      let sentAt = 0;
      let got = 0;
      const say = () => {
        seq++;
        got = 0;
        sentAt = now();
        sockets[0].emit('say', { room, text: `${seq}:${payload}`.slice(0, Math.max(opts.size, 8)) }, (answer) => {
          if (!answer || answer.type !== 'ack') { errors++; fail(`say refused: ${JSON.stringify(answer)}`); }
        });
      };
      for (const s of sockets) {
        s.on('message', (m) => {
          const at = now();
          if (!m || parseInt(m.text, 10) !== seq) { errors++; return; }
          lastProgress = at;
          if (window.on) { window.ops++; window.lat.push(at - sentAt); }
          if (++got === sockets.length) {
            if (window.on) window.fan.push(at - sentAt);
            if (!finished) say();
          }
        });
      }
      say();
    });
}

let finished = false;
let mark = null;
function startWindow() {
  window.on = true;
  mark = { t: now(), server: cpuOf(opts.pid), client: process.cpuUsage(), machine: machineBusy() };
}

function finish(extra) {
  if (finished) return;
  finished = true;
  window.on = false;
  const seconds = mark ? (now() - mark.t) / 1e6 : 0;
  const server = mark && mark.server !== null ? cpuOf(opts.pid) - mark.server : null;
  const clientUs = mark ? process.cpuUsage(mark.client) : null;
  const client = clientUs ? (clientUs.user + clientUs.system) / 1e6 : null;
  const machine = mark ? machineBusy().map((v, i) => v - mark.machine[i]) : null;
  const lat = window.lat.sort((a, b) => a - b);
  const fan = window.fan.sort((a, b) => a - b);
  const result = {
    label: opts.label, round: opts.round, workload: opts.workload, transport: opts.transport, clients: opts.c,
    size: opts.size, seconds: round(seconds), ops: window.ops, opsPerSec: seconds ? round(window.ops / seconds) : null,
    p50Us: round(percentile(lat, 0.5)), p99Us: round(percentile(lat, 0.99)),
    fanP99Us: fan.length ? round(percentile(fan, 0.99)) : null,
    serverCpuUsPerOp: server !== null && window.ops ? round(server * 1e6 / window.ops) : null,
    clientCpuPct: client !== null && seconds ? round(100 * client / seconds) : null,
    // busy share of all CPUs, in % of one CPU (the box has 2)
    machineCpuPct: machine && machine[1] ? round(100 * require('os').cpus().length * machine[0] / machine[1]) : null,
    serverCpuPct: server !== null && seconds ? round(100 * server / seconds) : null,
    errors, ok: true, ...extra,
  };
  // other processes' CPU during the window (machine - server - this client), % of one CPU
  result.foreignCpuPct = result.machineCpuPct !== null && result.serverCpuPct !== null && result.clientCpuPct !== null
    ? round(Math.max(0, result.machineCpuPct - result.serverCpuPct - result.clientCpuPct)) : null;
  const line = JSON.stringify(result);
  console.log(line);
  if (opts.json) fs.appendFileSync(opts.json, line + '\n');
  for (const s of sockets) s.close();
  process.exitCode = result.ok ? 0 : 1;
  setTimeout(() => process.exit(process.exitCode), 500).unref();
}

function round(v) {
  return v === null || v === undefined ? null : Math.round(v * 100) / 100;
}

const started = now();
const watchdog = setInterval(() => { // a stall (nothing answered for --stall s) ends the run as failed
  if (!finished && now() - lastProgress > opts.stall * 1e6) fail(`nothing answered for ${opts.stall} s`);
}, 500);
(opts.workload === 'echo' ? echo() : opts.workload === 'bcast' ? bcast()
  : Promise.reject(new Error(`unknown workload ${opts.workload}`)))
  .then(() => {
    lastProgress = now();
    setTimeout(startWindow, opts.warmup * 1000);
    setTimeout(() => { clearInterval(watchdog); finish({ setupMs: round((mark.t - started) / 1000) }); },
      (opts.warmup + opts.duration) * 1000);
  })
  .catch((e) => { clearInterval(watchdog); fail(e.message); });
