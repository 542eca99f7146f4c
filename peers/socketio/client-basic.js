// Scenario `basic` of client.js (CONTRACT.md): connect, events both ways, acks both ways, binary, namespaces over one
// connection, an unknown namespace, rooms, a disconnect by the server.
'use strict';

module.exports = async function basic(run) {
  const manager = run.manager();
  const main = manager.socket('/', { auth: { user: 'node' } });
  const welcomed = run.next(main, 'welcome');
  await run.within('connect', run.connect(main));
  if (run.transport === 'polling-upgrade') await run.within('connect', run.upgraded(manager));
  const onTransport = manager.engine.transport.name;
  run.check('connect', onTransport === (run.transport === 'polling' ? 'polling' : 'websocket'), `on ${onTransport}`);
  run.report('connect', { sid: main.id, engineTransport: onTransport });

  const [welcome] = await run.within('welcome', welcomed);
  run.check('welcome', run.equal(welcome, { sid: main.id, namespace: '/', auth: { user: 'node' } }),
    `welcome ${JSON.stringify(welcome)} for sid ${main.id}`);
  run.report('welcome', { welcome });

  const sent = ['text', 1, { nested: [true, null, 2.5] }];
  const echoed = run.next(main, 'echo');
  main.emit('echo', ...sent);
  const echo = await run.within('echo', echoed);
  run.check('echo', run.equal(echo, sent), `echo ${JSON.stringify(echo)}`);
  run.report('echo', { args: echo });

  const bytes = Buffer.from([0, 1, 2, 253, 254, 255]);
  const binaryEchoed = run.next(main, 'echo');
  main.emit('echo', 'bytes', bytes);
  const [label, back] = await run.within('echo_binary', binaryEchoed);
  run.check('echo_binary', label === 'bytes' && Buffer.isBuffer(back) && back.equals(bytes), `echo ${label} ${back}`);
  run.report('echo_binary', { hex: back.toString('hex') });

  const acked = await run.within('ack', main.timeout(60000).emitWithAck('ack', 'a', 2, { c: [3] }));
  run.check('ack', run.equal(acked, 'a'), `ack ${JSON.stringify(acked)}`);
  const all = await run.within('ack',
    new Promise((resolve) => main.emit('ack', 'a', 2, { c: [3] }, (...a) => resolve(a))));
  run.check('ack', run.equal(all, ['a', 2, { c: [3] }]), `ack ${JSON.stringify(all)}`);
  run.report('ack', { args: all });

  main.once('question', (n, answer) => answer({ answer: n + 1 }));
  const answered = run.next(main, 'answered');
  main.emit('ask', 41);
  const [answer] = await run.within('server_ack', answered);
  run.check('server_ack', run.equal(answer, { answer: 42 }), `answered ${JSON.stringify(answer)}`);
  run.report('server_ack', { answer });

  const second = manager.socket('/second', { auth: { user: 'node' } });
  const secondWelcomed = run.next(second, 'welcome');
  await run.within('namespace', run.connect(second));
  const [secondWelcome] = await run.within('namespace', secondWelcomed);
  run.check('namespace', secondWelcome.namespace === '/second' && secondWelcome.sid === second.id
    && second.id !== main.id, `welcome ${JSON.stringify(secondWelcome)}`);
  const secondEcho = run.next(second, 'echo');
  second.emit('echo', 'on /second');
  const [onSecond] = await run.within('namespace', secondEcho);
  run.check('namespace', onSecond === 'on /second', `echo ${onSecond}`);
  run.report('namespace', { namespace: '/second', sid: second.id });

  const missing = manager.socket('/missing');
  const refusal = await run.within('invalid_namespace', new Promise((resolve, reject) => {
    missing.once('connect', () => reject(new Error('/missing connected')));
    missing.once('connect_error', resolve);
    missing.connect();
  }));
  run.check('invalid_namespace', refusal.message === 'Invalid namespace', `connect_error ${refusal.message}`);
  run.report('invalid_namespace', { message: refusal.message });

  await rooms(run, main);

  const disconnected = run.next(main, 'disconnect');
  main.emit('bye');
  const [reason] = await run.within('server_disconnect', disconnected);
  run.check('server_disconnect', reason === 'io server disconnect', `disconnect: ${reason}`);
  run.report('server_disconnect', { reason });
};

async function rooms(run, a) {
  const room = `room-${process.pid}`;
  const other = run.manager().socket('/');
  await run.within('rooms', run.connect(other));
  const joinedA = await run.within('rooms', a.timeout(60000).emitWithAck('join', room));
  const joinedB = await run.within('rooms', other.timeout(60000).emitWithAck('join', room));
  run.check('rooms', run.equal(joinedA, { room, rooms: [room] }) && run.equal(joinedB, joinedA),
    `join ${JSON.stringify(joinedA)} ${JSON.stringify(joinedB)}`);
  run.report('rooms', { joined: joinedA });

  let toSender = null;
  a.once('room_message', (m) => { toSender = m; });
  const received = run.next(other, 'room_message');
  const said = await run.within('room_message', a.timeout(60000).emitWithAck('to_room', room, { n: 1 }));
  const [message] = await run.within('room_message', received);
  run.check('room_message', run.equal(message, { room, data: { n: 1 }, from: a.id }) && run.equal(said, { room }),
    `room_message ${JSON.stringify(message)}, ack ${JSON.stringify(said)}`);
  // the sender's copy would have come before the ack on the sender's connection
  run.check('room_message', toSender === null, `the sender got ${JSON.stringify(toSender)}`);
  run.report('room_message', { message, senderSkipped: true });

  const left = await run.within('leave', other.timeout(60000).emitWithAck('leave', room));
  run.check('leave', run.equal(left, { room, rooms: [] }), `leave ${JSON.stringify(left)}`);
  run.report('leave', { left });
  other.disconnect();
}
