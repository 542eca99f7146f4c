// The /chat page: the connection and the protocol. Reconnects with backoff and resumes every joined room from the
// last message id it has (parley-rooms.js), so nothing is lost or shown twice; says in words why a connection
// closed or a request failed and what comes next (parley-text.js); conversations and the log: parley-views.js.
'use strict';

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 15000;
const PENDING_MS = 10000; // a message without an answer by then is marked failed (the rate limit drops silently)
const CONNECT_MS = 10000; // a handshake not done by then is given up and retried

function chatUrl() {
  const url = new URL('chat', location.href); // keeps the WAR's context path
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  if (chat.name) {
    url.searchParams.set('name', chat.name);
  }
  return url.href;
}

/** The header's state line; kind: connecting, open, closed, down, refused. Controls follow it. */
function showState(kind, text, retrying = false) {
  $('state').className = 'state ' + kind;
  $('state').textContent = text;
  $('retry').hidden = !retrying;
  showControls();
}

function isOpen() {
  return chat.socket !== null && chat.socket.readyState === WebSocket.OPEN && chat.opened;
}

function showControls() {
  const open = isOpen();
  $('join-button').disabled = !open;
  for (const id of ['message', 'send', 'leave']) {
    $(id).disabled = !open || chat.active === null;
  }
  $('leave').disabled = chat.active === null || (!open && !isWhisper(chat.active));
}

function request(body, info) {
  const ack = 'p' + chat.nextAck++;
  if (info) {
    chat.pending.set(ack, info);
    if (info.element) {
      info.timer = setTimeout(() => {
        if (chat.pending.get(ack) === info) {
          chat.pending.delete(ack);
          markFailed(info, 'No answer from the server: not sent.');
        }
      }, PENDING_MS);
    }
  }
  chat.socket.send(JSON.stringify({ ...body, ack }));
  return ack;
}

function connect() {
  clearTimeout(chat.retryTimer);
  showState('connecting', 'Connecting…');
  // Offering 'parley' asks the server to tell a refusal as an error frame and close code 4000 + HTTP status
  // (docs/protocol.md): a page cannot read the HTTP status of a failed handshake.
  const socket = new WebSocket(chatUrl(), ['parley']);
  chat.socket = socket;
  chat.opened = false;
  chat.refusal = null;
  setTimeout(() => { // a handshake that hangs (a server half stopped, a proxy with nothing behind it) is given up
    if (chat.socket === socket && socket.readyState === WebSocket.CONNECTING) {
      socket.close(); // closes as 1006, not opened: "can't reach the server", then retried
    }
  }, CONNECT_MS);
  socket.addEventListener('message', (event) => receive(JSON.parse(event.data)));
  socket.addEventListener('close', (event) => {
    if (chat.socket !== socket) {
      return;
    }
    for (const [ack, info] of chat.pending) {
      chat.pending.delete(ack);
      markFailed(info, 'The connection closed before the server answered: not sent.');
    }
    if (refused(event)) {
      return;
    }
    let delay = chat.retryMs;
    chat.retryMs = Math.min(chat.retryMs * 2, MAX_RETRY_MS);
    if (event.code === 1001 && chat.opened) {
      // The server is going away (a restart): give it a moment, spread the crowd, and take the members coming back
      // for the ones who never left (no "left"/"joined" noise).
      delay = 1000 + Math.random() * 2000;
      chat.retryMs = FIRST_RETRY_MS;
      chat.quietUntil = Date.now() + 60000;
      for (const view of chat.views.values()) {
        view.quiet = view.members ? new Set(view.members) : undefined;
      }
    }
    const down = !chat.opened;
    chat.opened = false;
    retryIn(closeReason(event, !down), down ? 'down' : 'closed', delay + Math.random() * delay * 0.2);
  });
}

function retryIn(why, kind, delay) {
  showState(kind, `${why} Reconnecting in ${Math.ceil(delay / 1000)} s…`, true);
  clearTimeout(chat.retryTimer);
  chat.retryTimer = setTimeout(connect, delay);
}

// A refusal (close 4400-4499, after an error frame with the reason): said, and not retried, except a name still
// held by our own previous connection, which the server drops when it stops answering pings.
function refused(event) {
  if (event.code < 4400 || event.code > 4499 || event.code === 4408 || event.code === 4410) {
    return false;
  }
  const message = chat.refusal ? chat.refusal.message : event.reason;
  if (event.code === 4409 && chat.user !== null) {
    const delay = chat.retryMs;
    chat.retryMs = Math.min(chat.retryMs * 2, MAX_RETRY_MS);
    retryIn('Your name is still held by your previous connection.', 'closed', delay + Math.random() * delay * 0.2);
    return true;
  }
  chat.socket = null;
  const code = chat.refusal ? chat.refusal.code : event.reason;
  showState('closed refused', `Not connected. ${refusalWhat(code, chat.name, message)}`);
  $('login-error').textContent = refusalText(code, event.code, chat.name, message);
  $('login-error').hidden = false;
  $('chat').hidden = true;
  $('login').hidden = false;
  $('name').focus();
  return true;
}

function receive(frame) {
  switch (frame.type) {
    case 'welcome':
      chat.user = frame.user;
      chat.opened = true;
      chat.retryMs = FIRST_RETRY_MS;
      showState('open', `Connected as ${frame.user}`);
      if (![...chat.views.keys()].some((key) => !isWhisper(key))) {
        setDrawer(true); // no room yet: the way to one (on a phone, the drawer)
      }
      for (const key of chat.views.keys()) {
        if (!isWhisper(key)) {
          join(key); // rejoin, then resume from what we have
        }
      }
      break;
    case 'ack':
      acked(frame);
      break;
    case 'error':
      if (!frame.ack && frame.status) {
        chat.refusal = frame; // the close that follows says it
        break;
      }
      failed(frame);
      break;
    case 'message':
      typingStopped(frame.room, frame.from);
      addMessage(frame, true);
      break;
    case 'presence':
      if (frame.event === 'leave') {
        typingStopped(frame.room, frame.user);
      }
      presence(frame);
      break;
    case 'typing':
      typingReceived(frame);
      break;
    case 'whisper': {
      const view = ensureView('@' + frame.from);
      place(view, entry('whisper', frame.ts ?? new Date().toISOString(), frame.from, frame.text), null, true);
      break;
    }
  }
}

function acked(frame) {
  const info = chat.pending.get(frame.ack);
  chat.pending.delete(frame.ack);
  if (!info) {
    return;
  }
  clearTimeout(info.timer);
  if (info.kind === 'join') {
    joined(info.room, frame);
  } else if (info.kind === 'history') {
    historyAnswered(info.room, frame);
  } else if (info.kind === 'say') {
    const room = roomOf(info.room);
    removeEntry(info.view, info.element); // the message itself has come (or will) with its id
    const shown = room && room.messages.get(frame.id);
    if (shown) {
      shown.element.classList.add('confirmed');
    } else if (room) {
      room.confirmed.add(frame.id);
    }
  } else if (info.kind === 'whisper') {
    info.element.classList.remove('pending');
    info.element.classList.add('confirmed');
  } else if (info.kind === 'leave') {
    dropView(info.room);
  }
}

function failed(frame) {
  const info = frame.ack ? chat.pending.get(frame.ack) : null;
  chat.pending.delete(frame.ack);
  const text = errorText(frame);
  if (info && info.kind === 'join' && roomOf(info.room) && roomOf(info.room).upTo === null) {
    dropView(info.room); // never joined: no button for it
  }
  if (info && info.element) {
    clearTimeout(info.timer);
    markFailed(info, text);
  } else {
    notice(info && info.kind !== 'join' && chat.views.has(info.room) ? info.room : chat.active, text, 'error');
  }
}

/** A message that was not sent: struck through where it was, with the reason and a Retry button. */
function markFailed(info, reason) {
  if (!info.element || !info.element.isConnected && !info.view.entries.includes(info.element)) {
    return;
  }
  clearTimeout(info.timer);
  info.element.classList.remove('pending');
  info.element.classList.add('failed');
  const why = document.createElement('small');
  why.className = 'why';
  why.textContent = reason;
  const retry = document.createElement('button');
  retry.type = 'button';
  retry.className = 'retry';
  retry.textContent = 'Retry';
  retry.addEventListener('click', () => {
    if (isOpen() && chat.views.has(info.view.key)) {
      removeEntry(info.view, info.element);
      send(info.view.key, info.text);
    }
  });
  info.element.append(why, retry);
}

function send(key, text) {
  const view = chat.views.get(key);
  if (isWhisper(key)) {
    const element = entry('whisper mine pending', new Date().toISOString(), chat.user, text);
    place(view, element);
    request({ type: 'whisper', to: key.slice(1), text }, { kind: 'whisper', view, element, text });
  } else {
    const element = entry('message mine pending', new Date().toISOString(), chat.user, text);
    place(view, element);
    request({ type: 'say', room: key, text }, { kind: 'say', room: key, view, element, text });
  }
}

$('login').addEventListener('submit', (event) => {
  event.preventDefault();
  chat.name = $('name').value.trim();
  chat.user = null; // a new name: a refusal of it is not our previous connection's
  $('login-error').hidden = true;
  $('login').hidden = true;
  $('chat').hidden = false;
  connect();
});

$('join').addEventListener('submit', (event) => {
  event.preventDefault();
  const name = $('room').value.trim();
  if (name && isOpen()) {
    ensureView(name);
    chat.active = name;
    join(name);
  }
});

$('leave').addEventListener('click', () => {
  if (isWhisper(chat.active)) {
    dropView(chat.active);
  } else if (chat.active !== null && isOpen()) {
    request({ type: 'leave', room: chat.active }, { kind: 'leave', room: chat.active });
  }
});

$('compose').addEventListener('submit', (event) => {
  event.preventDefault(); // Enter in the input submits, like the button
  const text = $('message').value;
  if (text && isOpen() && chat.active !== null) {
    send(chat.active, text);
    $('message').value = '';
  }
});

$('whisper-to').addEventListener('click', () => {
  activate(chat.lastRoom);
  $('message').focus();
});
$('retry').addEventListener('click', () => connect());
$('drawer-toggle').addEventListener('click', () => setDrawer(!document.body.classList.contains('drawer-open')));
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') {
    return;
  }
  if (document.body.classList.contains('drawer-open')) {
    setDrawer(false);
    $('drawer-toggle').focus();
  } else if (isWhisper(chat.active)) {
    activate(chat.lastRoom);
    $('message').focus();
  }
});
window.addEventListener('online', () => {
  const waiting = chat.socket !== null && chat.socket.readyState === WebSocket.CLOSED; // a retry is scheduled
  if (waiting && chat.name !== null && $('login').hidden) {
    connect();
  }
});
