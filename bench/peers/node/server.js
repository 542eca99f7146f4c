// Node `ws` peer for the side-by-side benchmark: /echo returns every message, /broadcast sends every text message
// to every client on /broadcast (the sender included) with the loop the ws README shows. Compression off.
// Usage: node server.js PORT
'use strict';
const http = require('http');
const { WebSocketServer, WebSocket } = require('ws');

const port = Number(process.argv[2] || 8025);
const options = { noServer: true, perMessageDeflate: false, maxPayload: 1 << 20 };
const echo = new WebSocketServer(options);
const broadcast = new WebSocketServer(options);

echo.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
});
broadcast.on('connection', (ws) => {
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
server.listen(port, '127.0.0.1', () => console.log(`node ws ${require('ws/package.json').version} on ${port}`));
process.on('SIGTERM', () => process.exit(0));
