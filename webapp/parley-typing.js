// "bob is typing…": the room's typing pushes (docs/protocol.md) shown under the log for a few seconds, in a polite
// live region whose text changes only when who is typing changes (so it is said once, not on every keystroke); and
// ours, sent while the message box changes, at most one every TYPING_SEND_EVERY_MS (the server passes on one per 2 s).
'use strict';

const TYPING_SHOWN_MS = 6000;
const TYPING_SEND_EVERY_MS = 3000;
const typing = { rooms: new Map(), sentAt: -Infinity }; // room -> Map(user -> timer that forgets them)

function typingReceived(frame) {
  if (frame.user === chat.user) {
    return;
  }
  let users = typing.rooms.get(frame.room);
  if (!users) {
    users = new Map();
    typing.rooms.set(frame.room, users);
  }
  clearTimeout(users.get(frame.user));
  users.set(frame.user, setTimeout(() => typingStopped(frame.room, frame.user), TYPING_SHOWN_MS));
  showTyping();
}

/** {@code user} is no longer shown typing in {@code room}: the time is up, their message came, or they left. */
function typingStopped(room, user) {
  const users = typing.rooms.get(room);
  if (users && users.has(user)) {
    clearTimeout(users.get(user));
    users.delete(user);
    showTyping();
  }
}

function typingText(names) {
  switch (names.length) {
    case 0: return '';
    case 1: return `${names[0]} is typing…`;
    case 2: return `${names[0]} and ${names[1]} are typing…`;
    default: return 'Several people are typing…';
  }
}

/** The line under the log, for the conversation on screen; set only when its text changes. */
function showTyping() {
  const users = typing.rooms.get(chat.active);
  const text = typingText(users ? [...users.keys()] : []);
  if ($('typing').textContent !== text) {
    $('typing').textContent = text;
  }
}

function typed() {
  const room = chat.active;
  const now = Date.now();
  if (room === null || isWhisper(room) || !isOpen() || $('message').value === ''
      || now - typing.sentAt < TYPING_SEND_EVERY_MS) {
    return;
  }
  typing.sentAt = now;
  chat.socket.send(JSON.stringify({ type: 'typing', room })); // no ack: nothing to wait for
}

$('message').addEventListener('input', typed);
