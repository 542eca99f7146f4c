// The official Socket.IO server (npm socket.io, engine.io) as the reference Parley's Socket.IO server is compared
// with. Two modes, on 127.0.0.1:
//   node peers/socketio/reference-server.js PORT          the client contract (peers/socketio/CONTRACT.md) at
//                                                          /socket.io/: namespaces /, /second and /chat
//   node peers/socketio/reference-server.js PORT --suite   the upstream protocol suites' fixture: an Engine.IO echo at
//                                                          /engine.io/ and the socket.io-protocol handler at
//                                                          /socket.io/, pingInterval 300, pingTimeout 200,
//                                                          maxPayload 1e6, connectTimeout 1000, CORS origin * (the
//                                                          configuration both suites' READMEs give)
// Prints one line when it listens: `socket.io VERSION reference (MODE) on http://127.0.0.1:PORT`. Stops on TERM, and
// with --exit-on-stdin-end when its stdin ends (the tests' lifeline: a pipe from the JVM that started it).
'use strict';
const http = require('http');
const { Server } = require('socket.io');
const engine = require('engine.io');
const chat = require('./reference-chat');

const port = Number(process.argv[2]);
const suite = process.argv.includes('--suite');
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error('usage: node reference-server.js PORT [--suite]');
  process.exitCode = 64;
  return;
}

const httpServer = http.createServer();

if (suite) {
  const timing = { pingInterval: 300, pingTimeout: 200, maxPayload: 1e6, cors: { origin: '*' } };
  const echo = engine.attach(httpServer, { ...timing, path: '/engine.io/', destroyUpgrade: false });
  echo.on('connection', (socket) => socket.on('data', (...args) => socket.send(...args)));
  const io = new Server(httpServer, { ...timing, connectTimeout: 1000, destroyUpgrade: false });
  io.on('connection', (socket) => {
    socket.emit('auth', socket.handshake.auth);
    socket.on('message', (...args) => socket.emit('message-back', ...args));
    socket.on('message-with-ack', (...args) => {
      const ack = args.pop();
      ack(...args);
    });
  });
  io.of('/custom').on('connection', (socket) => socket.emit('auth', socket.handshake.auth));
} else {
  const io = new Server(httpServer, { cors: { origin: '*' }, destroyUpgrade: false });
  contract(io);
  chat(io.of('/chat'));
}

// CONTRACT.md, namespaces / and /second.
function contract(io) {
  io.use((socket, next) => {
    const auth = socket.handshake.auth || {};
    if (auth.token === 'bad') {
      const refusal = new Error('authentication failed');
      refusal.data = { code: 'bad_token' };
      next(refusal);
      return;
    }
    next();
  });
  io.on('connection', (socket) => {
    socket.emit('welcome', { sid: socket.id, namespace: '/', auth: socket.handshake.auth });
    socket.on('echo', (...args) => {
      if (typeof args[args.length - 1] === 'function') args.pop();
      socket.emit('echo', ...args);
    });
    socket.on('ack', (...args) => {
      const ack = args.pop();
      if (typeof ack === 'function') ack(...args);
    });
    socket.on('ask', (question) => {
      socket.emit('question', question, (answer) => socket.emit('answered', answer));
    });
    socket.on('join', (room, ack) => {
      socket.join(room);
      ack({ room, rooms: roomsOf(socket) });
    });
    socket.on('leave', (room, ack) => {
      socket.leave(room);
      ack({ room, rooms: roomsOf(socket) });
    });
    socket.on('to_room', (room, data, ack) => {
      socket.to(room).emit('room_message', { room, data, from: socket.id });
      ack({ room });
    });
    socket.on('bye', () => socket.disconnect());
  });
  io.of('/second').on('connection', (socket) => {
    socket.emit('welcome', { sid: socket.id, namespace: '/second', auth: socket.handshake.auth });
    socket.on('echo', (...args) => socket.emit('echo', ...args));
  });
}

function roomsOf(socket) {
  return [...socket.rooms].filter((room) => room !== socket.id).sort();
}

httpServer.listen(port, '127.0.0.1', () => {
  const version = require('socket.io/package.json').version;
  console.log(`socket.io ${version} reference (${suite ? 'suite' : 'contract'}) on http://127.0.0.1:${port}`);
});
process.on('SIGTERM', () => process.exit(0));
if (process.argv.includes('--exit-on-stdin-end')) {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('error', () => process.exit(0));
  process.stdin.resume();
}
