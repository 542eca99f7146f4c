// The chat page's conversations: rooms ("lobby") and whispers ("@bob", a user name never starts with "@"), each a
// view with its log entries, its unread count and its button in the side list. Only the active view's entries are
// in the log; day separators, the "new messages" divider, the tab title and the live region (the newest message
// only, never the whole log) are kept here. Text is always set with textContent or DOM nodes.
'use strict';

const $ = (id) => document.getElementById(id);

const chat = {
  name: null,         // as typed, '' for cookie auth
  user: null,         // as the server knows us
  socket: null,
  opened: false,      // whether the current connection was welcomed
  retryMs: 500,
  retryTimer: null,
  views: new Map(),   // key -> view; a room: {epoch, members: Set, messages: Map(id -> message), upTo, confirmed}
  active: null,       // the key of the view shown
  lastRoom: null,     // the room to go back to from a whisper
  divider: null,      // {view, element}: the "new messages" line, in one view at a time
  nextAck: 1,
  pending: new Map(), // ack id -> {kind, view, element, text, timer}
};

const isWhisper = (key) => key !== null && key.startsWith('@');
const roomOf = (key) => (key !== null && !isWhisper(key) ? chat.views.get(key) ?? null : null);

function ensureView(key) {
  let view = chat.views.get(key);
  if (view) {
    return view;
  }
  const element = document.createElement('li');
  const button = document.createElement('button');
  button.type = 'button';
  const label = document.createElement('span');
  label.textContent = isWhisper(key) ? key : '#' + key;
  const badge = document.createElement('span');
  badge.className = 'badge';
  badge.hidden = true;
  button.append(label, badge);
  button.addEventListener('click', () => activate(key));
  element.append(button);
  $(isWhisper(key) ? 'whispers' : 'rooms').append(element);
  view = { key, entries: [], unread: 0, firstUnread: null, element, button, badge };
  if (!isWhisper(key)) {
    Object.assign(view, { epoch: null, members: new Set(), messages: new Map(), upTo: null, confirmed: new Set() });
  }
  chat.views.set(key, view);
  $('whispers-section').hidden = ![...chat.views.keys()].some(isWhisper);
  return view;
}

function dropView(key) {
  const view = chat.views.get(key);
  if (view) {
    view.element.remove();
    chat.views.delete(key);
  }
  $('whispers-section').hidden = ![...chat.views.keys()].some(isWhisper);
  if (chat.lastRoom === key) {
    chat.lastRoom = [...chat.views.keys()].find((k) => !isWhisper(k)) ?? null;
  }
  if (chat.active === key) {
    activate(chat.lastRoom ?? chat.views.keys().next().value ?? null);
  }
  showUnread();
}

/** One log line: a time, then the sender set apart and the text with its links, or a notice. */
function entry(kind, ts, from, text) {
  const item = document.createElement('li');
  item.className = kind;
  item.dataset.day = dayOf(ts);
  const time = document.createElement('time');
  time.dateTime = ts;
  time.textContent = clockTime(ts);
  time.title = new Date(ts).toLocaleString();
  const body = document.createElement('span');
  if (from !== null) {
    const sender = document.createElement('b');
    sender.className = 'from';
    sender.textContent = from;
    body.append(sender, ': ', ...textNodes(text));
  } else {
    body.textContent = text;
  }
  item.append(time, body);
  return item;
}

function separator(kind, text) {
  const item = document.createElement('li');
  item.className = kind;
  item.textContent = text;
  return item;
}

/**
 * Adds an element at the end of a view (or before `before`), with a day separator where the day changes. A live
 * message from someone else counts as unread unless it is shown to someone looking at it, and is announced if so.
 */
function place(view, element, before = null, live = false) {
  const at = before ? view.entries.indexOf(before) : -1;
  if (at >= 0) {
    view.entries.splice(at, 0, element);
    const log = $('log');
    const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
    if (before.dataset.day === element.dataset.day) {
      if (chat.active === view.key) {
        log.insertBefore(element, before);
      }
    } else {
      daySeparators(view); // history from another day arriving before what is shown: rare
      if (chat.active === view.key) {
        log.replaceChildren(...view.entries);
      }
    }
    if (chat.active === view.key && atBottom) {
      log.scrollTop = log.scrollHeight;
    }
  } else {
    const lastDay = [...view.entries].reverse().find((e) => e.dataset.day)?.dataset.day;
    const added = lastDay === element.dataset.day ? [element]
        : [separator('day', dayLabel(element.querySelector('time').dateTime)), element];
    view.entries.push(...added);
    if (chat.active === view.key) {
      const log = $('log');
      const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
      log.append(...added);
      if (atBottom || element.classList.contains('mine')) {
        log.scrollTop = log.scrollHeight;
      }
    }
  }
  if (live) {
    if (chat.active !== view.key || document.hidden) {
      view.unread += 1;
      view.firstUnread = view.firstUnread ?? element;
      showUnread();
    }
    if (chat.active === view.key) {
      announce(element.querySelector('span').textContent);
    }
  }
}

function daySeparators(view) {
  const entries = [];
  let day = null;
  for (const element of view.entries) {
    if (element.classList.contains('day')) {
      continue;
    }
    if (element.dataset.day && element.dataset.day !== day) {
      day = element.dataset.day;
      entries.push(separator('day', dayLabel(element.querySelector('time').dateTime)));
    }
    entries.push(element);
  }
  view.entries = entries;
}

function removeEntry(view, element) {
  element.remove();
  const at = view.entries.indexOf(element);
  if (at >= 0) {
    view.entries.splice(at, 1);
  }
}

function notice(key, text, kind = 'notice') {
  const view = key !== null ? chat.views.get(key) : null;
  const element = entry(kind, new Date().toISOString(), null, text);
  if (view) {
    place(view, element);
  } else {
    $('log').append(element);
  }
  return element;
}

function announce(text) {
  $('announce').textContent = text;
}

function showUnread() {
  let total = 0;
  let elsewhere = 0;
  for (const view of chat.views.values()) {
    view.badge.hidden = view.unread === 0;
    view.badge.textContent = String(view.unread);
    view.button.setAttribute('aria-label',
        (isWhisper(view.key) ? `whispers with ${view.key.slice(1)}` : '#' + view.key)
        + (view.unread ? `, ${view.unread} unread` : ''));
    total += view.unread;
    elsewhere += view.key === chat.active ? 0 : view.unread;
  }
  document.title = total ? `(${total}) Parley` : 'Parley';
  $('drawer-badge').hidden = elsewhere === 0;
  $('drawer-badge').textContent = String(elsewhere);
}

/** Shows a view: its entries, the divider before its first unread one, scrolled to the newest, announced. */
function activate(key) {
  if (chat.divider) {
    removeEntry(chat.divider.view, chat.divider.element);
    chat.divider = null;
  }
  chat.active = key;
  const view = key !== null ? chat.views.get(key) : null;
  if (view && !isWhisper(key)) {
    chat.lastRoom = key;
  }
  if (view && view.firstUnread && view.entries.includes(view.firstUnread)) {
    const element = separator('divider', 'new messages');
    view.entries.splice(view.entries.indexOf(view.firstUnread), 0, element);
    chat.divider = { view, element };
  }
  if (view) {
    view.unread = 0;
    view.firstUnread = null;
  }
  const label = !view ? '' : isWhisper(key) ? `whispers with ${key.slice(1)}` : '#' + key;
  $('room-name').textContent = view && isWhisper(key) ? key : label;
  $('log').replaceChildren(...(view ? view.entries : []));
  $('log').scrollTop = $('log').scrollHeight;
  for (const [other, v] of chat.views) {
    v.element.classList.toggle('active', other === key);
    if (other === key) {
      v.button.setAttribute('aria-current', 'true');
    } else {
      v.button.removeAttribute('aria-current');
    }
  }
  const whisper = view !== null && isWhisper(key);
  $('whisper-to').hidden = !whisper;
  $('whisper-to').textContent = whisper ? `to ${key.slice(1)} ×` : '';
  $('whisper-to').setAttribute('aria-label', whisper ? `Stop whispering to ${key.slice(1)} (Escape)` : '');
  $('message').placeholder = whisper ? `Whisper to ${key.slice(1)}` : view ? `Message #${key}` : 'Join a room first';
  $('leave').textContent = whisper ? 'Close' : 'Leave';
  $('leave').setAttribute('aria-label', whisper ? `Close whispers with ${key.slice(1)}` : `Leave #${key}`);
  showMembers();
  showTyping();
  showUnread();
  setDrawer(false);
  showControls();
  if (view) {
    const members = roomOf(key)?.members.size;
    announce(members ? `${label}, ${members} here` : label);
  }
}

function showMembers() {
  const room = roomOf(chat.active);
  $('members-section').hidden = room === null;
  const items = [...(room ? room.members : [])].sort().map((user) => {
    const item = document.createElement('li');
    if (user === chat.user) {
      item.textContent = `${user} (you)`;
      return item;
    }
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = user;
    button.title = `Whisper to ${user}`;
    button.addEventListener('click', () => {
      ensureView('@' + user);
      activate('@' + user);
      $('message').focus();
    });
    item.append(button);
    return item;
  });
  $('members').replaceChildren(...items);
}

function setDrawer(open) {
  document.body.classList.toggle('drawer-open', open);
  $('drawer-toggle').setAttribute('aria-expanded', String(open));
  if (open) {
    ($('sidebar').querySelector('[aria-current]') ?? $('room')).focus();
  }
}

document.addEventListener('visibilitychange', () => {
  const view = chat.active !== null ? chat.views.get(chat.active) : null;
  if (!document.hidden && view && view.unread) {
    activate(chat.active); // read now: the divider shows where
  }
});
