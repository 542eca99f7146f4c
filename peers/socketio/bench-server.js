// The official Socket.IO server (npm socket.io) as bench/socketio.sh loads it, beside Parley: on 127.0.0.1:PORT at
// /socket.io/, with the server's default timing (pingInterval 25 s, pingTimeout 20 s) and maxPayload 1e6,
//   namespace "/":     `auth` on connect, `message-with-ack` answered through its ack with the same arguments
//                      (what Parley's `socketio-fixture` serves, dev.parley.socketio.SuiteFixture)
//   namespace "/chat": the /chat protocol of reference-chat.js (join, say -> `message` to every member of the room,
//                      the sender too; what `parley serve` serves as dev.parley.chat.SocketIoChat)
// It logs nothing per connection; Parley logs INFO lines per connection (event=open, close, engineio_close), none of
// them inside a measured window (the clients connect before it and close after it).
//   node peers/socketio/bench-server.js PORT
// Prints one line when it listens; stops on TERM.
'use strict';
const http = require('http');
const { Server } = require('socket.io');
const chat = require('./reference-chat');

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error('usage: node bench-server.js PORT');
  process.exitCode = 64;
  return;
}

const httpServer = http.createServer();
const io = new Server(httpServer, { maxHttpBufferSize: 1e6 });
io.on('connection', (socket) => {
  socket.emit('auth', socket.handshake.auth); // as SuiteFixture does on connect
  socket.on('message-with-ack', (...args) => {
    const ack = args.pop();
    if (typeof ack === 'function') ack(...args);
  });
});
chat(io.of('/chat'));

httpServer.listen(port, '127.0.0.1', () => {
  const version = require('socket.io/package.json').version;
  console.log(`socket.io ${version} bench server on http://127.0.0.1:${port}`);
});
process.on('SIGTERM', () => process.exit(0));
