// The /chat protocol (docs/protocol.md) over Socket.IO, as peers/socketio/CONTRACT.md maps it, on the official
// server: enough of it for the client scenarios (welcome, join, leave, say, presence, message, the admission
// refusals); rooms in memory, no history, no limits. Not Parley's implementation: the reference its tests are
// checked against.
'use strict';
const crypto = require('crypto');

const NAME = /^[A-Za-z0-9_.-]{1,32}$/;
const ROOM = /^[A-Za-z0-9_.-]{1,64}$/;
const epoch = () => crypto.randomBytes(8).toString('hex');

module.exports = function chat(nsp) {
  const serverEpoch = epoch();
  const connected = new Set(); // names held by a connection (open mode: one at a time)
  const rooms = new Map(); // room -> { epoch, last, members: Map(user -> sessions in the room) }

  nsp.use((socket, next) => {
    const name = (socket.handshake.auth || {}).name;
    if (name === undefined || name === null || name === '') {
      next(refusal('name_required', 400, 'a name is required: auth {"name": "..."}'));
    } else if (typeof name !== 'string' || !NAME.test(name)) {
      next(refusal('bad_name', 400, 'a name is 1-32 letters, digits, _, - or .'));
    } else if (connected.has(name)) {
      next(refusal('name_taken', 409, `the name "${name}" is connected already; choose another`));
    } else {
      connected.add(name);
      socket.data.user = name;
      next();
    }
  });

  nsp.on('connection', (socket) => {
    const user = socket.data.user;
    const joined = new Set();
    socket.emit('welcome', { type: 'welcome', user, session: socket.id, epoch: serverEpoch });

    socket.onAny((type, ...args) => {
      const ack = typeof args[args.length - 1] === 'function' ? args.pop() : () => {};
      const request = args[0];
      if (request === null || typeof request !== 'object' || Array.isArray(request)) {
        ack(error('bad_json', 'the request is one JSON object'));
        return;
      }
      const answer = handle(type, request);
      if (answer) ack(answer);
    });

    function handle(type, request) {
      const room = request.room;
      if (type !== 'join' && type !== 'leave' && type !== 'say') {
        return error('unknown_type', `unknown type "${type}"`);
      }
      if (typeof room !== 'string') return error('missing_field', 'room is missing');
      if (!ROOM.test(room)) return error('bad_field', 'room: 1-64 letters, digits, _, - or .');
      if (type === 'join') return join(room);
      if (!joined.has(room)) return error('not_member', `not in room "${room}"`);
      if (type === 'leave') {
        leave(room);
        return { type: 'ack', room };
      }
      if (typeof request.text !== 'string') return error('missing_field', 'text is missing');
      const state = rooms.get(room);
      const id = ++state.last;
      const message = { type: 'message', room, id, from: user, text: request.text, ts: new Date().toISOString() };
      nsp.to(channel(room)).emit('message', message);
      return { type: 'ack', room, id };
    }

    function join(room) {
      let state = rooms.get(room);
      if (!state) {
        state = { epoch: epoch(), last: 0, members: new Map() };
        rooms.set(room, state);
      }
      if (!joined.has(room)) {
        joined.add(room);
        const sessions = state.members.get(user) || 0;
        state.members.set(user, sessions + 1);
        if (sessions === 0) {
          socket.to(channel(room)).emit('presence', { type: 'presence', room, user, event: 'join' });
        }
        socket.join(channel(room));
      }
      return { type: 'ack', room, members: [...state.members.keys()].sort(), last: state.last, epoch: state.epoch };
    }

    function leave(room) {
      joined.delete(room);
      socket.leave(channel(room));
      const state = rooms.get(room);
      const sessions = state.members.get(user) - 1;
      if (sessions > 0) {
        state.members.set(user, sessions);
        return;
      }
      state.members.delete(user);
      nsp.to(channel(room)).emit('presence', { type: 'presence', room, user, event: 'leave' });
      if (state.members.size === 0) rooms.delete(room);
    }

    socket.on('disconnect', () => {
      for (const room of [...joined]) leave(room);
      connected.delete(user);
    });
  });
};

function channel(room) {
  return `room:${room}`;
}

function error(code, message) {
  return { type: 'error', code, message };
}

function refusal(code, status, message) {
  const refused = new Error(code);
  refused.data = { type: 'error', code, status, message };
  return refused;
}
