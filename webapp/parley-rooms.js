// The chat page's rooms: joining, resuming from the last id held with the room's epoch (docs/protocol.md, "Resuming
// after a reconnect"), history pages, messages in id order, presence. Ids count within a room's epoch: when a room
// comes back with another epoch (the server restarted, or the room was removed and made anew), the page forgets the
// ids it holds for it and shows every message of the new epoch.
'use strict';

const BACKLOG = 50; // messages shown from before a first join

/** A join's answer: it comes in the room's order, so the presence that follows it is what changed after it. */
function joined(name, frame) {
  const room = ensureView(name);
  room.members = new Set(frame.members);
  if (room.upTo === null) {
    room.upTo = Math.max(0, frame.last - BACKLOG);
    room.epoch = frame.epoch;
  } else if (frame.epoch !== room.epoch) {
    startEpoch(name, room, frame.epoch); // every message of the new epoch is one we have not seen
  }
  askHistory(name, room.upTo);
  if (chat.active === null || chat.active === name) {
    activate(name);
  }
}

function join(name) {
  request({ type: 'join', room: name }, { kind: 'join', room: name });
}

// A history answer is a page of at most a few hundred KiB; "more" asks for the next one, from its last id. The
// epoch says which sequence since counts in: the server answers reset if the room's is another.
function askHistory(name, since) {
  const epoch = chat.views.get(name).epoch;
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
  notice(name, 'the room started anew while you were away (server restarted or room removed)');
}

function historyAnswered(name, frame) {
  const room = roomOf(name);
  if (!room) {
    return;
  }
  if (frame.reset) {
    // An answer to a request sent in the old epoch can come after the join ack that already started the new
    // one: starting it again would forget ids already shown, and show those messages twice.
    if (frame.epoch !== room.epoch) {
      startEpoch(name, room, frame.epoch);
    }
    askHistory(name, room.upTo);
    return;
  }
  if (!frame.complete) {
    notice(name, 'older messages are no longer kept');
    if (frame.messages.length > 0) {
      room.upTo = Math.max(room.upTo, frame.messages[0].id - 1); // the gap is known: resume after it
    }
  }
  for (const message of frame.messages) {
    addMessage(message, false);
  }
  if (frame.more && frame.messages.length > 0) {
    askHistory(name, frame.messages[frame.messages.length - 1].id); // the next page
  }
}

function addMessage(message, live) {
  const room = roomOf(message.room);
  if (!room || room.messages.has(message.id)) {
    return; // not ours, or already shown (live and again in history)
  }
  const element = entry('message', message.ts, message.from, message.text);
  element.dataset.id = message.id;
  const mine = message.from === chat.user;
  if (mine) {
    element.classList.add('mine');
  }
  if (room.confirmed.delete(message.id)) {
    element.classList.add('confirmed');
  }
  room.messages.set(message.id, { ...message, element });
  while (room.messages.has(room.upTo + 1)) {
    room.upTo += 1; // resume point: everything up to here is shown
  }
  // In id order; before the messages of ours still waiting for their answer, which stay last until answered.
  const later = room.entries.find((e) => e.dataset.id && Number(e.dataset.id) > message.id)
      ?? room.entries.find((e) => e.classList.contains('pending'));
  place(room, element, later ?? null, live && !mine);
}

function presence(frame) {
  const room = roomOf(frame.room);
  if (!room) {
    return;
  }
  const back = room.quiet && room.quiet.delete(frame.user) && Date.now() < chat.quietUntil;
  if (frame.event === 'join') {
    room.members.add(frame.user);
  } else {
    room.members.delete(frame.user);
  }
  if (!(back && frame.event === 'join')) { // here before the restart: not news
    notice(frame.room, `${frame.user} ${frame.event === 'join' ? 'joined' : 'left'}`, 'presence');
  }
  if (chat.active === frame.room) {
    showMembers();
  }
}
