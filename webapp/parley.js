// The /broadcast page: one WebSocket, reconnecting with exponential backoff after a drop.
// Messages are shown with textContent, never parsed as HTML.
'use strict';

const stateLine = document.getElementById('state');
const log = document.getElementById('log');
const form = document.getElementById('compose');
const input = document.getElementById('message');
const sendButton = document.getElementById('send');

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 15000;
const MAX_LOG_ENTRIES = 500;

let socket = null;
let retryMs = FIRST_RETRY_MS;

function endpointUrl() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  // Resolved against the page, so the WAR's context path (/parley/) is kept.
  return new URL('broadcast', location.href).href.replace(/^https?:/, scheme);
}

function showState(kind, text) {
  stateLine.className = 'state ' + kind;
  stateLine.textContent = text;
  const open = kind === 'open';
  input.disabled = !open;
  sendButton.disabled = !open;
}

function addEntry(kind, text) {
  const item = document.createElement('li');
  item.className = kind;
  const time = document.createElement('time');
  const now = new Date();
  time.dateTime = now.toISOString();
  time.textContent = now.toLocaleTimeString();
  const body = document.createElement('span');
  body.textContent = text;
  item.append(time, body);
  log.append(item);
  while (log.childElementCount > MAX_LOG_ENTRIES) {
    log.firstElementChild.remove();
  }
  item.scrollIntoView({ block: 'end' });
}

function connect() {
  showState('connecting', 'connecting…');
  socket = new WebSocket(endpointUrl());

  socket.addEventListener('open', () => {
    retryMs = FIRST_RETRY_MS;
    showState('open', 'open');
    input.focus();
  });

  socket.addEventListener('message', (event) => {
    addEntry('message', typeof event.data === 'string' ? event.data : '(binary message)');
  });

  socket.addEventListener('close', (event) => {
    const reason = event.reason ? ' ' + event.reason : '';
    const delay = retryMs;
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    showState('closed', `closed (${event.code}${reason}), reconnecting in ${(delay / 1000).toFixed(1)} s`);
    addEntry('notice', `connection closed with code ${event.code}${reason}`);
    setTimeout(connect, delay + Math.random() * delay * 0.2);
  });
}

form.addEventListener('submit', (event) => {
  event.preventDefault(); // Enter in the input submits the form, like the button
  const text = input.value;
  if (text === '' || socket === null || socket.readyState !== WebSocket.OPEN) {
    return;
  }
  socket.send(text);
  input.value = '';
});

connect();
