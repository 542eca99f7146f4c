// Node `ws` client with permessage-deflate (peers/README.md, "permessage-deflate peers"): the echo series against a
// server's echo endpoint, to check that a server's permessage-deflate works with ws's client. Offers what ws offers by
// default (permessage-deflate; client_max_window_bits), threshold 0 so every message is compressed. For each of
// 0 B .. 1 MiB, text and binary, whole and in three fragments: send, await the echo, compare. One JSON line per
// step, then {"done":true,...} with the payload bytes sent (payload) and the bytes the TCP socket read and wrote
// (wireRead, wireWritten: headers and frames, so below payload only when the messages went compressed); exit status 0 when every echo matched and permessage-deflate was negotiated.
// Usage: node peers/node/deflate-client.js ws://127.0.0.1:PORT/echo
'use strict';
const { WebSocket } = require('ws');

const url = process.argv[2];
const sizes = [0, 1, 125, 126, 65535, 65536, 100000, 1 << 20];
const steps = [];
for (const size of sizes) {
  for (const binary of [false, true]) {
    for (const fragmented of [false, true]) steps.push({ size, binary, fragmented });
  }
}

function payload(size, binary) {
  if (binary) {
    const b = Buffer.alloc(size);
    let x = size + 7;
    for (let i = 0; i < size; i++) { x = (x * 1103515245 + 12345) & 0x7fffffff; b[i] = x >> 16; }
    return b;
  }
  const words = ['parley ', 'deflate ', 'message ', 'wire ', 'frame ', '\n'];
  let s = '';
  for (let i = 0; s.length < size; i++) s += words[(i * 7) % words.length];
  return s.slice(0, size);
}

const ws = new WebSocket(url, { perMessageDeflate: { threshold: 0 }, maxPayload: 2 * 1024 * 1024 });
const timer = setTimeout(() => { console.log(JSON.stringify({ done: false, error: 'timed out' })); process.exit(1); },
  60000);
let failures = 0;
let at = 0;
let expected;
let payloadBytes = 0;
let socket;
let header = '';
ws.on('upgrade', (response) => { socket = response.socket; header = response.headers['sec-websocket-extensions'] || ''; });

function next() {
  if (at === steps.length) {
    console.log(JSON.stringify({ done: true, failures, extensions: header, payload: payloadBytes,
      wireRead: socket.bytesRead, wireWritten: socket.bytesWritten }));
    ws.close(1000);
    return;
  }
  const step = steps[at];
  expected = payload(step.size, step.binary);
  const data = step.binary ? expected : Buffer.from(expected, 'utf8');
  payloadBytes += data.length;
  if (!step.fragmented) {
    ws.send(data, { binary: step.binary, compress: true });
  } else {
    const third = Math.ceil(data.length / 3);
    for (let i = 0; i < 3; i++) {
      ws.send(data.subarray(i * third, Math.min(data.length, (i + 1) * third)),
        { binary: step.binary, compress: true, fin: i === 2 });
    }
  }
}

ws.on('open', () => {
  console.log(JSON.stringify({ open: true, extensions: ws.extensions }));
  next();
});
ws.on('message', (data, isBinary) => {
  const step = steps[at];
  const same = isBinary === step.binary
    && (step.binary ? Buffer.compare(data, expected) === 0 : data.toString('utf8') === expected);
  if (!same) failures++;
  console.log(JSON.stringify({ size: step.size, binary: step.binary, fragmented: step.fragmented, ok: same }));
  at++;
  next();
});
ws.on('close', (code) => {
  clearTimeout(timer);
  const negotiated = String(ws.extensions).startsWith('permessage-deflate');
  console.log(JSON.stringify({ closed: code }));
  process.exit(failures === 0 && at === steps.length && negotiated && code === 1000 ? 0 : 1);
});
ws.on('error', (e) => { console.log(JSON.stringify({ done: false, error: String(e) })); process.exit(1); });
