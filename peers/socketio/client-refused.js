// Scenario `refused` of client.js (CONTRACT.md): the server refuses the connection to `/` (auth {"token":"bad"});
// the client sees connect_error with the server's message and data, and no connect.
'use strict';

module.exports = async function refused(run) {
  const socket = run.manager().socket('/', { auth: { token: 'bad' } });
  const error = await run.within('connect_refused', new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected although refused')));
    socket.once('connect_error', resolve);
    socket.connect();
  }));
  run.check('connect_refused', error.message === 'authentication failed'
    && run.equal(error.data, { code: 'bad_token' }) && !socket.connected,
  `connect_error ${error.message} ${JSON.stringify(error.data)}`);
  run.report('connect_refused', { message: error.message, data: error.data });
};
