// Node `ws` peer with permessage-deflate (peers/README.md, "permessage-deflate peers"): the real server Parley's
// deflating client tools are tested against. /echo returns every message; /fragments returns it in three fragments
// (ws compresses the message across them, RSV1 on the first); /broadcast sends every message to every client on
// /broadcast, the sender included (each compressed for its own connection). perMessageDeflate with threshold 0, so every message is
// compressed, ws's other deflate defaults (context takeover both ways, 15-bit windows). 2 MiB message cap.
// Usage: node peers/node/deflate-server.js PORT
'use strict';
const http = require('http');
const { WebSocketServer, WebSocket } = require('ws');
const version = require('ws/package.json').version;

const port = Number(process.argv[2]);
const options = { noServer: true, perMessageDeflate: { threshold: 0 }, maxPayload: 2 * 1024 * 1024 };
const wss = new WebSocketServer(options);
const broadcast = new WebSocketServer(options);
broadcast.on('connection', (ws) => {
  ws.on('error', () => {});
  ws.on('message', (data, isBinary) => {
    for (const client of broadcast.clients) {
      if (client.readyState === WebSocket.OPEN) client.send(data, { binary: isBinary, compress: true });
    }
  });
});

const ignore = () => {};
wss.on('connection', (ws, req) => {
  ws.on('error', ignore);
  const fragments = req.url.split('?')[0] === '/fragments';
  ws.on('message', (data, isBinary) => {
    if (!fragments) {
      ws.send(data, { binary: isBinary, compress: true });
      return;
    }
    const third = Math.ceil(data.length / 3);
    for (let i = 0; i < 3; i++) {
      ws.send(data.subarray(i * third, Math.min(data.length, (i + 1) * third)),
        { binary: isBinary, compress: true, fin: i === 2 });
    }
  });
});

const server = http.createServer((req, res) => { res.writeHead(404); res.end(); });
server.on('upgrade', (req, socket, head) => {
  const path = req.url.split('?')[0];
  const target = path === '/echo' || path === '/fragments' ? wss : path === '/broadcast' ? broadcast : null;
  if (!target) { socket.destroy(); return; }
  target.handleUpgrade(req, socket, head, (ws) => target.emit('connection', ws, req));
});
server.listen(port, '127.0.0.1', () => console.log(`ws ${version} deflate on ws://127.0.0.1:${port} (/echo, /fragments, /broadcast)`));
process.on('SIGTERM', () => process.exit(0));
