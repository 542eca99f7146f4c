// Scenario `chat` of client.js (CONTRACT.md, /chat over Socket.IO): alice and bob join one room on /chat, bob says
// a message, both receive it with the id bob's ack gave; a `say` outside the room is an error answer; a second
// connection with bob's name is refused with name_taken.
'use strict';

module.exports = async function chat(run) {
  const suffix = `${process.pid}-${Date.now() % 100000}`;
  const room = `lobby-${suffix}`;
  const alice = await member(run, `alice-${suffix}`);
  const bob = await member(run, `bob-${suffix}`);

  const joinedA = await run.within('join', alice.timeout(60000).emitWithAck('join', { room }));
  run.check('join', joinedA.type === 'ack' && joinedA.room === room && run.equal(joinedA.members, [alice.user])
    && joinedA.last === 0 && /^[0-9a-f]{16}$/.test(joinedA.epoch), `join ${JSON.stringify(joinedA)}`);
  const presence = run.next(alice, 'presence');
  const joinedB = await run.within('join', bob.timeout(60000).emitWithAck('join', { room }));
  run.check('join', run.equal(joinedB.members, [alice.user, bob.user].sort()) && joinedB.epoch === joinedA.epoch,
    `join ${JSON.stringify(joinedB)}`);
  const [seen] = await run.within('presence', presence);
  run.check('presence', run.equal(seen, { type: 'presence', room, user: bob.user, event: 'join' }),
    `presence ${JSON.stringify(seen)}`);
  run.report('join', { room, members: joinedB.members, epoch: joinedB.epoch, presence: seen });

  const toAlice = run.next(alice, 'message');
  const toBob = run.next(bob, 'message');
  const said = await run.within('say', bob.timeout(60000).emitWithAck('say', { room, text: 'hello from bob' }));
  run.check('say', run.equal(said, { type: 'ack', room, id: 1 }), `say ${JSON.stringify(said)}`);
  const [a] = await run.within('message', toAlice);
  const [b] = await run.within('message', toBob);
  for (const m of [a, b]) {
    run.check('message', m.type === 'message' && m.room === room && m.id === said.id && m.from === bob.user
      && m.text === 'hello from bob' && !Number.isNaN(Date.parse(m.ts)), `message ${JSON.stringify(m)}`);
  }
  run.report('message', { id: a.id, from: a.from, text: a.text, receivedBy: [alice.user, bob.user] });

  const refused = await run.within('not_member',
    alice.timeout(60000).emitWithAck('say', { room: `x${room}`, text: 'no' }));
  run.check('not_member', refused.type === 'error' && refused.code === 'not_member', `say ${JSON.stringify(refused)}`);
  run.report('not_member', { code: refused.code });

  const twin = run.manager().socket('/chat', { auth: { name: bob.user } });
  const taken = await run.within('name_taken', new Promise((resolve, reject) => {
    twin.once('connect', () => reject(new Error('a second bob connected')));
    twin.once('connect_error', resolve);
    twin.connect();
  }));
  run.check('name_taken', taken.message === 'name_taken' && taken.data && taken.data.status === 409,
    `connect_error ${taken.message} ${JSON.stringify(taken.data)}`);
  run.report('name_taken', { message: taken.message, data: taken.data });
};

async function member(run, user) {
  const socket = run.manager().socket('/chat', { auth: { name: user } });
  const welcomed = run.next(socket, 'welcome');
  await run.within('welcome', run.connect(socket));
  const [welcome] = await run.within('welcome', welcomed);
  run.check('welcome', welcome.type === 'welcome' && welcome.user === user && typeof welcome.session === 'string',
    `welcome ${JSON.stringify(welcome)}`);
  run.report('welcome', { user });
  socket.user = user;
  return socket;
}
