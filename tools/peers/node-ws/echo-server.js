// Echo server on the `ws` package, for tools/conformance-five-servers.sh.
// Usage: node tools/peers/node-ws/echo-server.js PORT
// Binds 127.0.0.1, 64 KiB message cap (maxPayload), permessage-deflate off: the same settings as every peer.
'use strict';
const { WebSocketServer } = require('ws');
const version = require('ws/package.json').version;

const port = Number(process.argv[2]);
const server = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: false, maxPayload: 65536 });
server.on('connection', (socket) => {
  socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
  socket.on('error', () => {}); // ws closes the connection itself with the right code; nothing to add
});
server.on('listening', () => console.log(`ws ${version} echo on ws://127.0.0.1:${port}/echo`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
