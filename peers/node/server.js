// Node `ws` peer (peers/README.md): /echo returns every message, /broadcast sends every message to every client on
// /broadcast (the sender included) with the loop the ws README shows. On 127.0.0.1; 64 KiB message cap (maxPayload)
// like every peer; permessage-deflate off.
// Usage: node peers/node/server.js PORT
'use strict';
const http = require('http');
const { WebSocketServer, WebSocket } = require('ws');
const version = require('ws/package.json').version;

const port = Number(process.argv[2]);
const options = { noServer: true, perMessageDeflate: false, maxPayload: 65536 };
const echo = new WebSocketServer(options);
const broadcast = new WebSocketServer(options);

// ws closes a connection that breaks the protocol itself, with the right code, and then emits 'error' on the
// socket: a listener keeps that from being an uncaught error that stops the process.
const ignore = () => {};
echo.on('connection', (ws) => {
  ws.on('error', ignore);
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
});
broadcast.on('connection', (ws) => {
  ws.on('error', ignore);
  ws.on('message', (data, isBinary) => {
    for (const client of broadcast.clients) {
      if (client.readyState === WebSocket.OPEN) client.send(data, { binary: isBinary });
    }
  });
});

const server = http.createServer((req, res) => { res.writeHead(404); res.end(); });
server.on('upgrade', (req, socket, head) => {
  const path = req.url.split('?')[0];
  const wss = path === '/echo' ? echo : path === '/broadcast' ? broadcast : null;
  if (!wss) { socket.destroy(); return; }
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});
server.listen(port, '127.0.0.1', () => console.log(`ws ${version} on ws://127.0.0.1:${port} (/echo, /broadcast)`));
process.on('SIGTERM', () => process.exit(0));
