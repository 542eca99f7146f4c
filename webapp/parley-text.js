// The chat page's wording and text: message text as DOM nodes with safe links, day labels, and what each close code
// and error code means to a person, with the next step (docs/protocol.md, docs/limits.md). No state here.
'use strict';

// Only http: and https: are ever made links; anything else (javascript:, data:, …) stays text.
const LINK = /\bhttps?:\/\/[^\s<>"']+/gi;
const TRAILING = /[.,;:!?)\]}]+$/; // punctuation after a link in a sentence is not part of it

/** The text as nodes: text nodes, and an anchor for each http(s) URL, made with DOM APIs (never HTML). */
function textNodes(text) {
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    const url = match[0].replace(TRAILING, '');
    if (match.index > last) {
      nodes.push(document.createTextNode(text.slice(last, match.index)));
    }
    nodes.push(safeLink(url) ?? document.createTextNode(url));
    last = match.index + url.length;
  }
  if (last < text.length) {
    nodes.push(document.createTextNode(text.slice(last)));
  }
  return nodes;
}

function safeLink(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return null;
  }
  const link = document.createElement('a');
  link.href = url.href;
  link.textContent = text;
  link.rel = 'noopener noreferrer nofollow';
  link.target = '_blank';
  return link;
}

function dayOf(ts) {
  const date = new Date(ts);
  return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
}

function dayLabel(ts) {
  const date = new Date(ts);
  const today = new Date();
  if (dayOf(date) === dayOf(today)) {
    return 'Today';
  }
  if (dayOf(date) === dayOf(today.getTime() - 86400000)) {
    return 'Yesterday';
  }
  return date.toLocaleDateString(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
}

function clockTime(ts) {
  return new Date(ts).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/** What a refused handshake (its error frame's code) tells the person on the name form, and the next step. */
function refusalText(code, status, name, message) {
  return `${refusalWhat(code, name, message)} ${refusalAdvice(status)}`;
}

/** The refusal itself in one sentence (the state line says it; the name form adds the next step). */
function refusalWhat(code, name, message) {
  return {
    name_required: 'Enter a name to join.',
    bad_name: `“${name}” cannot be used as a name.`,
    name_taken: `The name “${name}” is in use by someone connected now.`,
    token_required: 'This server needs you to sign in first.',
    bad_token: 'Your sign-in is not valid or has expired.',
  }[code] ?? `The server did not let you in: ${message}.`;
}

function refusalAdvice(code) {
  switch (code) {
    case 4400: return 'Names are 1–32 letters, digits, “_”, “-” or “.”.';
    case 4401: return 'Your sign-in is missing or has expired: sign in again, then reload this page.';
    case 4409: return 'Choose another name, or close the other tab or device using this one.';
    default: return 'Check your name and try again.';
  }
}

/**
 * Why a connection closed, in words, for a close the page retries. opened: whether this connection was welcomed.
 * Handshakes refused with an HTTP status (server stopping: 503; foreign origin: 403) and a server that is not
 * there at all look the same to a page (1006 before any open).
 */
function closeReason(event, opened) {
  const reason = event.reason || '';
  if (!opened) {
    return "Can't reach the server: it may be down or restarting.";
  }
  switch (event.code) {
    case 1001: return 'The server is restarting.';
    case 1008:
      if (/rate/i.test(reason)) {
        return 'You sent too much too fast, so the server closed the connection.';
      }
      if (/outbound|not reading/i.test(reason)) {
        return 'Your connection fell behind the conversation, so the server closed it.';
      }
      return `The server closed the connection (${reason || 'policy'}).`;
    case 1009: return 'A message was too large for the server, so it closed the connection.';
    case 1011: return 'The server hit an error.';
    case 1013: return 'The server is busy (too many connections from your network, or too much load).';
    case 4408: return 'The connection went quiet (no answer to the server’s pings).';
    case 4410: return 'A room was reset on the server; catching up again.';
    default: return 'The connection was lost.';
  }
}

/** An error answer to a request, in words with the next step. */
function errorText(frame) {
  switch (frame.code) {
    case 'rate_limited': return 'Not sent: you are sending too fast. Wait a moment, then retry.';
    case 'text_too_long': return 'Not sent: the message is too long (at most 4096 bytes).';
    case 'not_member': return 'You are not in that room any more: join it again.';
    case 'no_such_user': return 'Not delivered: that person is not online now.';
    case 'too_many_rooms': return 'You are in 100 rooms already: leave one before joining another.';
    case 'server_full': return 'The server cannot make more rooms now: join an existing room, or try later.';
    case 'too_many_new_rooms': return `Too many new rooms: ${frame.message}`;
    case 'busy':
    case 'unavailable':
    case 'try_again': return 'The server is busy: retry in a moment.';
    case 'bad_field': return `Not accepted: ${frame.message}. Room names are 1–64 letters, digits, “_”, “-” or “.”.`;
    default: return frame.message || frame.code;
  }
}
