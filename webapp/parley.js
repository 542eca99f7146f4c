// The /chat page: rooms, presence, whispers, acks; reconnects with backoff and resumes every joined room from
// the last message id it has, so nothing is lost or shown twice. Ids count within a room's epoch: when a room
// comes back with another epoch (the server restarted, or the room was removed and made anew), the page forgets
// the ids it holds for it and shows every message of the new epoch. Text is always set with textContent.
'use strict';

const $ = (id) => document.getElementById(id);
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 15000;
const BACKLOG = 50; // messages shown from before a first join

const chat = {
  name: null,         // as typed, '' for cookie auth
  user: null,         // as the server knows us
  socket: null,
  retryMs: FIRST_RETRY_MS,
  rooms: new Map(),   // room -> {epoch, members: Set, messages: Map(id -> message), upTo: id, element: li}
  active: null,
  whisperTo: null,
  nextAck: 1,
  pending: new Map(), // ack id -> {kind, room, element}
};

function chatUrl() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const url = new URL('chat', location.href); // keeps the WAR's context path
  url.protocol = scheme;
  if (chat.name) {
    url.searchParams.set('name', chat.name);
  }
  return url.href;
}

function showState(kind, text) {
  $('state').className = 'state ' + kind;
  $('state').textContent = text;
  const open = kind === 'open';
  for (const id of ['message', 'send', 'leave']) {
    $(id).disabled = !open || chat.active === null;
  }
}

function request(body, pendingInfo) {
  const ack = 'p' + chat.nextAck++;
  if (pendingInfo) {
    chat.pending.set(ack, pendingInfo);
  }
  chat.socket.send(JSON.stringify({ ...body, ack }));
  return ack;
}

function connect() {
  showState('connecting', 'connecting…');
  // Offering 'parley' asks the server to tell a refusal as an error frame and close code 4000 + HTTP status
  // (docs/protocol.md): a page cannot read the HTTP status of a failed handshake.
  const socket = new WebSocket(chatUrl(), ['parley']);
  chat.socket = socket;
  chat.refusal = null;
  socket.addEventListener('message', (event) => receive(JSON.parse(event.data)));
  socket.addEventListener('close', (event) => {
    if (chat.socket !== socket) {
      return;
    }
    for (const [ack, info] of chat.pending) {
      if (info.element) {
        info.element.classList.add('failed');
      }
      chat.pending.delete(ack);
    }
    if (refused(event)) {
      return;
    }
    let delay = chat.retryMs;
    chat.retryMs = Math.min(chat.retryMs * 2, MAX_RETRY_MS);
    let why = `closed (${event.code}${event.reason ? ' ' + event.reason : ''})`;
    if (event.code === 1001) {
      // The server is going away (a restart): give it a moment, spread the crowd, and take the members coming back
      // for the ones who never left (no "left"/"joined" noise).
      delay = 1000 + Math.random() * 2000;
      chat.retryMs = FIRST_RETRY_MS;
      chat.quietUntil = Date.now() + 60000;
      for (const room of chat.rooms.values()) {
        room.quiet = new Set(room.members);
      }
      why = 'the server is restarting';
    }
    showState('closed', `${why}, reconnecting in ${(delay / 1000).toFixed(1)} s`);
    setTimeout(connect, delay + Math.random() * delay * 0.2);
  });
}

// A refusal (close 4400-4499, after an error frame with the reason): said, and not retried, except a name still
// held by our own previous connection, which the server drops when it stops answering pings.
function refused(event) {
  if (event.code < 4400 || event.code > 4499) {
    return false;
  }
  const message = chat.refusal ? chat.refusal.message : event.reason;
  if (event.code === 4409 && chat.user !== null) {
    const delay = chat.retryMs;
    chat.retryMs = Math.min(chat.retryMs * 2, MAX_RETRY_MS);
    showState('closed', `${message} (our previous connection?), retrying in ${(delay / 1000).toFixed(1)} s`);
    setTimeout(connect, delay + Math.random() * delay * 0.2);
    return true;
  }
  chat.socket = null;
  showState('closed refused', `refused: ${message}`);
  $('chat').hidden = true;
  $('login').hidden = false;
  $('name').focus();
  return true;
}

function receive(frame) {
  switch (frame.type) {
    case 'welcome':
      chat.user = frame.user;
      chat.retryMs = FIRST_RETRY_MS;
      showState('open', `open as ${frame.user}`);
      for (const room of chat.rooms.keys()) {
        join(room); // rejoin, then resume from what we have
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
      addMessage(frame);
      break;
    case 'presence':
      presence(frame);
      break;
    case 'whisper':
      notice(chat.active, `${frame.from} whispers: ${frame.text}`, 'whisper');
      break;
  }
}

function join(name) {
  request({ type: 'join', room: name }, { kind: 'join', room: name });
}

// A history answer is a page of at most a few hundred KiB; "more" asks for the next one, from its last id. The
// epoch says which sequence since counts in: the server answers reset if the room's is another.
function askHistory(name, since) {
  const epoch = chat.rooms.get(name).epoch;
  request({ type: 'history', room: name, since, epoch, limit: 500 }, { kind: 'history', room: name });
}

// The room's ids started again under a new epoch: the messages shown stay, but their ids mean nothing any more.
function startEpoch(name, room, epoch) {
  for (const element of room.entries) {
    delete element.dataset.id;
  }
  room.messages = new Map();
  room.confirmed = new Set();
  room.upTo = 0;
  room.epoch = epoch;
  notice(name, 'the room started anew while you were away (server restarted or room removed)', 'notice');
}

function acked(frame) {
  const info = chat.pending.get(frame.ack);
  chat.pending.delete(frame.ack);
  if (!info) {
    return;
  }
  if (info.kind === 'join') {
    // The ack comes in the room's order: the presence that follows it is what changed after these members.
    const room = ensureRoom(info.room);
    room.members = new Set(frame.members);
    if (room.upTo === null) {
      room.upTo = Math.max(0, frame.last - BACKLOG);
      room.epoch = frame.epoch;
    } else if (frame.epoch !== room.epoch) {
      startEpoch(info.room, room, frame.epoch); // every message of the new epoch is one we have not seen
    }
    askHistory(info.room, room.upTo);
    if (chat.active === null || chat.active === info.room) {
      activate(info.room);
    }
  } else if (info.kind === 'history') {
    const room = chat.rooms.get(info.room);
    if (!room) {
      return;
    }
    if (frame.reset) {
      // An answer to a request sent in the old epoch can come after the join ack that already started the new
      // one: starting it again would forget ids already shown, and show those messages twice.
      if (frame.epoch !== room.epoch) {
        startEpoch(info.room, room, frame.epoch);
      }
      askHistory(info.room, room.upTo);
      return;
    }
    if (!frame.complete) {
      notice(info.room, 'older messages are no longer kept', 'notice');
      if (frame.messages.length > 0) {
        room.upTo = Math.max(room.upTo, frame.messages[0].id - 1); // the gap is known: resume after it
      }
    }
    for (const message of frame.messages) {
      addMessage(message);
    }
    if (frame.more && frame.messages.length > 0) {
      askHistory(info.room, frame.messages[frame.messages.length - 1].id); // the next page
    }
  } else if (info.kind === 'say') {
    const room = chat.rooms.get(info.room);
    info.element.remove(); // the message itself has come (or will) with its id
    if (room) {
      room.entries.splice(room.entries.indexOf(info.element) >>> 0, 1);
    }
    const shown = room && room.messages.get(frame.id);
    if (shown) {
      shown.element.classList.add('confirmed');
    } else if (room) {
      room.confirmed = (room.confirmed || new Set()).add(frame.id);
    }
  } else if (info.kind === 'whisper') {
    info.element.classList.remove('pending');
    info.element.classList.add('confirmed');
  } else if (info.kind === 'leave') {
    const room = chat.rooms.get(info.room);
    if (room) {
      room.element.remove();
      chat.rooms.delete(info.room);
    }
    activate(chat.rooms.keys().next().value ?? null);
  }
}

function failed(frame) {
  const info = frame.ack ? chat.pending.get(frame.ack) : null;
  chat.pending.delete(frame.ack);
  if (info && info.element) {
    info.element.classList.add('failed');
    info.element.title = frame.message;
  }
  notice(chat.active, `${frame.code}: ${frame.message}`, 'error');
}

function ensureRoom(name) {
  let room = chat.rooms.get(name);
  if (!room) {
    const element = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = '#' + name;
    button.addEventListener('click', () => activate(name));
    element.append(button);
    $('rooms').append(element);
    room = { epoch: null, members: new Set(), messages: new Map(), upTo: null, element, entries: [] };
    chat.rooms.set(name, room);
  }
  return room;
}

function addMessage(message) {
  const room = chat.rooms.get(message.room);
  if (!room || room.messages.has(message.id)) {
    return; // not ours, or already shown (live and again in history)
  }
  const element = entry('message', `${message.from}: ${message.text}`, message.ts);
  element.dataset.id = message.id;
  if (message.from === chat.user) {
    element.classList.add('mine');
  }
  if (room.confirmed && room.confirmed.delete(message.id)) {
    element.classList.add('confirmed');
  }
  room.messages.set(message.id, { ...message, element });
  while (room.messages.has(room.upTo + 1)) {
    room.upTo += 1; // resume point: everything up to here is shown
  }
  insertById(room, element, message.id);
}

function insertById(room, element, id) {
  const later = room.entries.find((e) => e.dataset.id && Number(e.dataset.id) > id);
  room.entries.splice(later ? room.entries.indexOf(later) : room.entries.length, 0, element);
  if (chat.active === roomNameOf(room)) {
    $('log').insertBefore(element, later ?? null);
    element.scrollIntoView({ block: 'end' });
  }
}

function roomNameOf(room) {
  for (const [name, r] of chat.rooms) {
    if (r === room) {
      return name;
    }
  }
  return null;
}

function presence(frame) {
  const room = chat.rooms.get(frame.room);
  if (!room) {
    return;
  }
  const back = room.quiet && room.quiet.delete(frame.user) && Date.now() < chat.quietUntil;
  if (frame.event === 'join') {
    room.members.add(frame.user);
  } else {
    room.members.delete(frame.user);
  }
  if (back && frame.event === 'join') { // here before the restart: not news
    showMembers();
    return;
  }
  notice(frame.room, `${frame.user} ${frame.event === 'join' ? 'joined' : 'left'}`, 'presence');
  if (chat.active === frame.room) {
    showMembers();
  }
}

function notice(roomName, text, kind) {
  const room = roomName && chat.rooms.get(roomName);
  const element = entry(kind, text, new Date().toISOString());
  if (room) {
    room.entries.push(element);
  }
  if (!room || chat.active === roomName) {
    $('log').append(element);
    element.scrollIntoView({ block: 'end' });
  }
  return element;
}

function entry(kind, text, ts) {
  const item = document.createElement('li');
  item.className = kind;
  const time = document.createElement('time');
  time.dateTime = ts;
  time.textContent = new Date(ts).toLocaleTimeString();
  const body = document.createElement('span');
  body.textContent = text;
  item.append(time, body);
  return item;
}

function activate(name) {
  chat.active = name;
  $('room-name').textContent = name ? '#' + name : '';
  $('log').replaceChildren(...(name ? chat.rooms.get(name).entries : []));
  for (const [roomName, room] of chat.rooms) {
    room.element.classList.toggle('active', roomName === name);
  }
  showMembers();
  showState(chat.socket && chat.socket.readyState === WebSocket.OPEN ? 'open' : 'closed', $('state').textContent);
}

function showMembers() {
  const room = chat.active && chat.rooms.get(chat.active);
  const items = [...(room ? room.members : [])].sort().map((user) => {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = user === chat.user ? `${user} (you)` : user;
    button.disabled = user === chat.user;
    button.addEventListener('click', () => setWhisper(user));
    item.append(button);
    return item;
  });
  $('members').replaceChildren(...items);
}

function setWhisper(user) {
  chat.whisperTo = user;
  $('whisper-to').hidden = user === null;
  $('whisper-to').textContent = user ? `to ${user} ×` : '';
  $('message').placeholder = user ? `Whisper to ${user}` : 'Say something';
  $('message').focus();
}

$('whisper-to').addEventListener('click', () => setWhisper(null));

$('login').addEventListener('submit', (event) => {
  event.preventDefault();
  chat.name = $('name').value.trim();
  chat.user = null; // a new name: a refusal of it is not our previous connection's
  $('login').hidden = true;
  $('chat').hidden = false;
  connect();
});

$('join').addEventListener('submit', (event) => {
  event.preventDefault();
  const name = $('room').value.trim();
  if (name && chat.socket && chat.socket.readyState === WebSocket.OPEN) {
    ensureRoom(name);
    chat.active = name;
    join(name);
  }
});

$('leave').addEventListener('click', () => {
  if (chat.active) {
    request({ type: 'leave', room: chat.active }, { kind: 'leave', room: chat.active });
  }
});

$('compose').addEventListener('submit', (event) => {
  event.preventDefault(); // Enter in the input submits, like the button
  const text = $('message').value;
  if (!text || !chat.socket || chat.socket.readyState !== WebSocket.OPEN || !chat.active) {
    return;
  }
  if (chat.whisperTo) {
    const element = notice(chat.active, `you whisper to ${chat.whisperTo}: ${text}`, 'whisper pending');
    request({ type: 'whisper', to: chat.whisperTo, text }, { kind: 'whisper', element });
  } else {
    const element = notice(chat.active, `${chat.user}: ${text}`, 'message mine pending');
    request({ type: 'say', room: chat.active, text }, { kind: 'say', room: chat.active, element });
  }
  $('message').value = '';
});
