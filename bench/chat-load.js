// The chat workload of `parley bench -s chat` (docs/performance.md, "The chat path") with the official
// socket.io-client (peers/socketio/node_modules) against a Socket.IO server's namespace /chat: Parley's (`parley
// serve`, dev.parley.chat.SocketIoChat) or Node's (peers/socketio/bench-server.js, reference-chat.js). For
// bench/chat-vs-socketio.sh. The same shape as the Java workload:
//   member i of C (-c) connects with auth {name: b<tag>_<i>} and joins room bench-<i mod R> (--rooms); nothing is said
//   until every join is acked (and the presence frames of the joins have stopped for 0.5 s). Then message n goes to
//   room n mod R from that room's next member in turn, as a `say` with an ack callback: at --rate says/s in all
//   (open loop: say n due at start + n/rate, timed from then) or, with --rate 0, at most --in-flight unanswered
//   (closed loop, each ack sends the next). The text (--size, at least 32 bytes) is the send (or due) time in µs and
//   the sequence, 16 hex digits each, then 'x'.
// Every member times each `message` event against the text's stamp (one process sends and receives) and checks its
// room and that the ids follow the join's `last` one by one (order violations); a delivery of a message nobody said,
// or one more than its room has members, is stray. The window's figures are those of the messages said inside it,
// whenever their acks and deliveries arrive (up to 2 s of drain). One Node process, one thread: near a full CPU the
// rate is the client's (flag `client-saturated`). Prints one JSON line (field names as `parley bench`'s; appended to
// --json FILE too); exits 1 if it could not run (a connect or join failed, a member was disconnected, a stall).
//
//   node bench/chat-load.js --url http://127.0.0.1:3000 -c 1000 --rooms 1 --rate 10 --pid 1234
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { io } = require(path.join(__dirname, '..', 'peers', 'socketio', 'node_modules', 'socket.io-client'));

const TICKS = 100; // /proc's clock ticks per second (USER_HZ) on Linux
const DRAIN_MS = 2000;
const opts = parse(process.argv.slice(2));

function parse(argv) {
  const o = { url: 'http://127.0.0.1:3000', transport: 'websocket', c: 100, rooms: 1, rate: 0, 'in-flight': 8,
    size: 32, warmup: 2, duration: 5, pid: null, json: null, label: 'socket.io', round: 0, stall: 10 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--?/, '');
    if (!(key in o)) throw new Error(`unknown option ${argv[i]}`);
    o[key] = typeof o[key] === 'number' || key === 'pid' ? Number(argv[i + 1]) : argv[i + 1];
  }
  if (o.rooms < 1 || o.rooms > o.c) throw new Error('1 to c rooms');
  o.size = Math.max(o.size, 32);
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

const now = () => Number(process.hrtime.bigint() / 1000n); // µs
const hex16 = (v) => v.toString(16).padStart(16, '0');
const pad = 'x'.repeat(opts.size - 32);
const roomName = (r) => `bench-${r}`;
const sizeOf = (r) => Math.floor(opts.c / opts.rooms) + (r < opts.c % opts.rooms ? 1 : 0);

const tag = Math.floor(Math.random() * 36 ** 5).toString(36);
const members = []; // { socket, room, last }
const ledger = new Map(); // seq -> { due: deliveries still due, inside: said inside the window }
const nextSpeaker = new Array(opts.rooms).fill(0);
const tally = { messages: 0, acks: 0, dueDeliveries: 0, errorsByCode: {}, orderViolations: 0, strayDeliveries: 0,
  maxUnanswered: 0, ops: 0, bytes: 0 };
const lat = [];
let errors = 0;
let seq = 0;
let nextRoom = 0;
let unanswered = 0; // says without an ack or error
let sending = false;
let measuring = false; // says sent now are inside the window
let finished = false;
let lastProgress = now();
let presenceAt = now();
let mark = null;
let windowUs = 0;
let start = 0;

function fail(message) {
  finish({ ok: false, failure: message });
}

function connectAndJoin() {
  return new Promise((resolve, reject) => {
    let joined = 0;
    for (let i = 0; i < opts.c; i++) {
      const room = i % opts.rooms;
      const socket = io(`${opts.url}/chat`, { transports: [opts.transport], upgrade: false, forceNew: true,
        reconnection: false, auth: { name: `b${tag}_${i}` }, timeout: 60000 });
      const m = { socket, room, name: roomName(room), last: -1 };
      members.push(m);
      socket.on('connect', () => {
        lastProgress = now();
        socket.emit('join', { room: m.name }, (answer) => {
          if (!answer || answer.type !== 'ack' || typeof answer.last !== 'number') {
            reject(new Error(`join refused: ${JSON.stringify(answer)}`));
            return;
          }
          m.last = answer.last;
          lastProgress = now();
          if (++joined === opts.c) resolve();
        });
      });
      socket.on('connect_error', (e) => reject(new Error(`connect: ${e.message}`)));
      socket.on('disconnect', (reason) => {
        if (!finished) { errors++; fail(`a member was disconnected: ${reason}`); }
      });
      socket.on('presence', () => { presenceAt = now(); lastProgress = presenceAt; });
      socket.on('message', (msg) => delivered(m, msg));
    }
  });
}

function quiet() { // resolves once no presence frame came for 0.5 s (at most 60 s)
  const until = now() + 60e6;
  return new Promise((resolve) => {
    const check = () => (now() - presenceAt > 500e3 || now() > until ? resolve() : setTimeout(check, 50));
    check();
  });
}

function say(at) {
  const room = nextRoom;
  nextRoom = (nextRoom + 1) % opts.rooms;
  const k = nextSpeaker[room];
  nextSpeaker[room] = (k + 1) % sizeOf(room);
  const m = members[room + k * opts.rooms];
  const n = ++seq;
  const inside = measuring;
  ledger.set(n, { due: sizeOf(room), inside });
  if (inside) tally.messages++;
  unanswered++;
  tally.maxUnanswered = Math.max(tally.maxUnanswered, unanswered);
  m.socket.emit('say', { room: m.name, text: hex16(at) + hex16(n) + pad }, (answer) => {
    unanswered--;
    lastProgress = now();
    if (answer && answer.type === 'ack') {
      if (inside) { tally.acks++; tally.dueDeliveries += sizeOf(room); }
    } else {
      const code = (answer && answer.code) || '?';
      errors++;
      ledger.delete(n);
      if (inside) tally.errorsByCode[code] = (tally.errorsByCode[code] || 0) + 1;
    }
    if (opts.rate === 0 && sending) say(now());
  });
}

function delivered(m, msg) {
  const at = now();
  lastProgress = at;
  if (!msg || msg.room !== m.name || typeof msg.id !== 'number' || typeof msg.text !== 'string') {
    errors++;
    return;
  }
  if (msg.id !== m.last + 1) tally.orderViolations++;
  m.last = msg.id;
  const sent = parseInt(msg.text.slice(0, 16), 16);
  const n = parseInt(msg.text.slice(16, 32), 16);
  const entry = ledger.get(n);
  if (!entry || entry.due === 0) {
    tally.strayDeliveries++;
    errors++;
    return;
  }
  entry.due--;
  if (entry.inside) {
    tally.ops++;
    tally.bytes += msg.text.length;
    lat.push(at - sent);
  }
  if (entry.due === 0) ledger.delete(n);
}

function due() { // deliveries still due of the window's messages
  let d = 0;
  for (const e of ledger.values()) if (e.inside) d += e.due;
  return d;
}

function pump() { // open loop: every say due by now, each stamped with when it was due
  if (!sending) return;
  const t = now();
  const dueNow = Math.floor((t - start) * opts.rate / 1e6) + 1;
  while (seq < dueNow) {
    say(start + Math.floor(seq * 1e6 / opts.rate));
    if (unanswered > Math.max(10000, opts.rate * 5)) {
      fail(`the server fell more than 5 s behind the schedule (${unanswered} says unanswered)`);
      return;
    }
  }
  const next = start + Math.floor(seq * 1e6 / opts.rate);
  setTimeout(pump, Math.max(0, Math.floor((next - now()) / 1000)));
}

function startWindow() {
  measuring = true;
  mark = { t: now(), server: cpuOf(opts.pid), client: process.cpuUsage(), machine: machineBusy() };
}

function endWindow() {
  measuring = false;
  const t = now();
  windowUs = t - mark.t;
  mark.serverCpu = mark.server !== null ? cpuOf(opts.pid) - mark.server : null;
  const c = process.cpuUsage(mark.client);
  mark.clientCpu = (c.user + c.system) / 1e6;
  mark.machineDelta = machineBusy().map((v, i) => v - mark.machine[i]);
  sending = false;
  const until = t + DRAIN_MS * 1000;
  const drain = () => ((unanswered > 0 || due() > 0) && now() < until ? setTimeout(drain, 20) : finish({}));
  drain();
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function round(v) {
  return v === null || v === undefined || Number.isNaN(v) ? null : Math.round(v * 1000) / 1000;
}

function finish(extra) {
  if (finished) return;
  finished = true;
  const seconds = windowUs / 1e6;
  const sorted = lat.sort((a, b) => a - b);
  const server = mark ? mark.serverCpu : null;
  const client = mark ? mark.clientCpu : null;
  const machine = mark && mark.machineDelta;
  const r = {
    server: opts.label, round: opts.round, time: new Date().toISOString(), scenario: 'chat', kind: 'chat',
    client: 'socket.io-client', transport: opts.transport, connections: opts.c, inFlight: opts['in-flight'],
    size: opts.size, ...(opts.rate > 0 ? { targetRate: opts.rate } : {}), unit: 'deliveries', ok: true, errors,
    seconds: round(seconds), ops: tally.ops, opsPerSec: seconds ? round(tally.ops / seconds) : null,
    payloadMBPerSec: seconds ? round(tally.bytes / seconds / 1e6) : null,
    unanswered: unanswered + due(), messages: tally.messages,
    saidPerSec: seconds ? round(tally.messages / seconds) : null, acks: tally.acks,
    dueDeliveries: tally.dueDeliveries, errorsByCode: tally.errorsByCode, maxUnanswered: tally.maxUnanswered,
    latencyUs: { count: sorted.length, p50: round(percentile(sorted, 0.5)), p90: round(percentile(sorted, 0.9)),
      p99: round(percentile(sorted, 0.99)), p999: round(percentile(sorted, 0.999)),
      max: round(sorted.length ? sorted[sorted.length - 1] : null),
      mean: round(sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : null) },
    serverCpuUsPerOp: server !== null && tally.ops ? round(server * 1e6 / tally.ops) : null,
    serverCpuPct: server !== null && seconds ? round(100 * server / seconds) : null,
    clientCpuPct: client !== null && seconds ? round(100 * client / seconds) : null,
    // busy share of all CPUs, in % of one CPU
    machineCpuPct: machine && machine[1] ? round(100 * os.cpus().length * machine[0] / machine[1]) : null,
    rooms: opts.rooms, membersPerRoom: Math.floor(opts.c / opts.rooms), nodes: 1,
    mode: opts.rate > 0 ? 'rate' : `closed loop, ${opts['in-flight']} unanswered at most`,
    orderViolations: tally.orderViolations, strayDeliveries: tally.strayDeliveries, warmupS: opts.warmup,
    loadavg: os.loadavg().map((v) => v.toFixed(2)).join(' '), ...extra,
  };
  r.foreignCpuPct = r.machineCpuPct !== null && r.serverCpuPct !== null && r.clientCpuPct !== null
    ? round(Math.max(0, r.machineCpuPct - r.serverCpuPct - r.clientCpuPct)) : null;
  r.flags = [];
  if (r.clientCpuPct !== null && r.clientCpuPct > 90) r.flags.push('client-saturated');
  if (r.foreignCpuPct !== null && r.foreignCpuPct > 25) r.flags.push('foreign-load');
  const line = JSON.stringify(r);
  console.log(line);
  if (opts.json) fs.appendFileSync(opts.json, line + '\n');
  for (const m of members) m.socket.close();
  process.exitCode = r.ok ? 0 : 1;
  setTimeout(() => process.exit(process.exitCode), 500).unref();
}

const watchdog = setInterval(() => { // nothing heard for --stall s while something is due: the run failed
  if (!finished && now() - lastProgress > opts.stall * 1e6) fail(`nothing answered for ${opts.stall} s`);
}, 500);
watchdog.unref();

connectAndJoin()
  .then(quiet)
  .then(() => {
    lastProgress = now();
    sending = true;
    start = now();
    if (opts.rate > 0) {
      pump();
    } else {
      for (let i = 0; i < opts['in-flight']; i++) say(now());
    }
    setTimeout(startWindow, opts.warmup * 1000);
    setTimeout(endWindow, (opts.warmup + opts.duration) * 1000);
  })
  .catch((e) => fail(e.message));
