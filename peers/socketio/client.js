// The official Node client (npm socket.io-client) against a server that keeps peers/socketio/CONTRACT.md.
// Usage: node peers/socketio/client.js URL TRANSPORT SCENARIO [STEP_TIMEOUT_MS]
//   URL        http://127.0.0.1:PORT (the Socket.IO path is /socket.io/) or http://127.0.0.1:PORT/ROOT (a WAR's context
//              root: the path is /ROOT/socket.io/)
//   TRANSPORT  polling-upgrade | websocket | polling
//   SCENARIO   basic | refused | chat
// Prints one JSON line per observed outcome ({"client":"node","step":...,"ok":true|false,...}), the last one
// {"step":"done",...}. Exit status: 0 every step as the contract says, 1 a step saw something else, 2 a step timed out
// (every wait is bounded by STEP_TIMEOUT_MS, default 10000), 64 bad arguments.
'use strict';
const { Manager } = require('socket.io-client');
const scenarios = {
  basic: require('./client-basic'),
  refused: require('./client-refused'),
  chat: require('./client-chat'),
};

const [url, transport, scenario, timeoutArg] = process.argv.slice(2);
const stepTimeout = Number(timeoutArg || 10000);
const transports = { 'polling-upgrade': ['polling', 'websocket'], websocket: ['websocket'], polling: ['polling'] };
if (!url || !transports[transport] || !scenarios[scenario] || !(stepTimeout > 0)) {
  console.error('usage: node client.js URL polling-upgrade|websocket|polling basic|refused|chat [STEP_TIMEOUT_MS]');
  process.exitCode = 64;
  return;
}

class StepFailed extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

const managers = [];
const run = {
  transport,
  /** A new connection (one Engine.IO session) with the transport option; its sockets multiplex namespaces. */
  manager() {
    const manager = new Manager(url, {
      path: `${new URL(url).pathname.replace(/\/+$/, '')}/socket.io/`,
      transports: transports[transport],
      upgrade: transport === 'polling-upgrade',
      reconnection: false,
      timeout: stepTimeout,
      forceNew: true,
      // each socket connects when the scenario says (connect() after an automatic one would connect twice)
      autoConnect: false,
    });
    managers.push(manager);
    return manager;
  },
  /** Waits for `promise` at most the step timeout: the outcome, or a timed-out step (exit 2). */
  within(step, promise) {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new StepFailed(`no outcome within ${stepTimeout} ms`, 2)), stepTimeout);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer)).catch((e) => {
      const failed = e instanceof StepFailed ? e : new StepFailed(String(e), 1);
      throw Object.assign(failed, { step });
    });
  },
  /** The next `event` on `socket`, as its argument list. */
  next(socket, event) {
    return new Promise((resolve) => socket.once(event, (...args) => resolve(args)));
  },
  /** Connects `socket` and resolves with it, or rejects with the connect_error. */
  connect(socket) {
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      // the client's own connect timeout (the step timeout) is a timed-out step too
      socket.once('connect_error',
        (e) => reject(new StepFailed(`connect_error: ${e.message}`, e.message === 'timeout' ? 2 : 1)));
      socket.connect();
    });
  },
  /** Resolves when the connection of `manager` runs on WebSocket (at once if it does already). */
  upgraded(manager) {
    const engine = manager.engine;
    if (engine.transport && engine.transport.name === 'websocket') return Promise.resolve();
    return new Promise((resolve) => engine.once('upgrade', () => resolve()));
  },
  /** Checks a condition of a step: a failed step (exit 1) with `detail` if false. */
  check(step, condition, detail) {
    if (!condition) throw Object.assign(new StepFailed(`${detail}`, 1), { step });
  },
  report(step, fields) {
    console.log(JSON.stringify({ client: 'node', scenario, transport, step, ok: true, ...fields }));
  },
  equal(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  },
};

scenarios[scenario](run)
  .then(() => {
    run.report('done', {});
    process.exitCode = 0;
  })
  .catch((e) => {
    const status = e instanceof StepFailed ? e.status : 1;
    console.log(JSON.stringify({ client: 'node', scenario, transport, step: e.step || 'unknown', ok: false,
      error: e.message, timeout: status === 2 }));
    process.exitCode = status;
  })
  .finally(() => {
    for (const manager of managers) {
      for (const nsp of Object.keys(manager.nsps)) manager.nsps[nsp].disconnect();
      manager.engine && manager.engine.close();
    }
    // anything left (a transport still closing) must not keep the process beyond a bounded moment
    setTimeout(() => process.exit(), 2000).unref();
  });
