// Parley's admin page: polls the admin API (docs/admin.md) once a second with the key as a Bearer header, and shows
// what it answers. Everything from the server is shown with textContent (never innerHTML); the key lives only in
// this tab's memory.
'use strict';

(() => {
  const API = 'admin/api/';
  const POLL_MS = 1000;
  const $ = (id) => document.getElementById(id);

  let key = null;
  let timer = null;
  let polling = false;

  function setStatus(text, error) {
    const status = $('status');
    status.textContent = text;
    status.classList.toggle('error', Boolean(error));
  }

  async function call(path, options) {
    const response = await fetch(API + path, Object.assign({
      cache: 'no-store',
      credentials: 'omit',
      headers: { Authorization: 'Bearer ' + key, 'Content-Type': 'application/json' },
    }, options));
    let body = null;
    try {
      body = await response.json();
    } catch (notJson) {
      body = { message: 'the server answered ' + response.status };
    }
    return { status: response.status, body };
  }

  function refused(answer) {
    const off = answer.status === 404 && answer.body && answer.body.code === 'not_found';
    if (answer.status === 401 || answer.status === 403 || off) {
      logout((answer.body && answer.body.message) || 'refused (' + answer.status + ')');
      return true;
    }
    return false;
  }

  async function poll() {
    if (polling || key === null) {
      return;
    }
    polling = true;
    try {
      const answer = await call('overview', { method: 'GET' });
      if (refused(answer)) {
        return;
      }
      if (answer.status !== 200) {
        setStatus('The server answered ' + answer.status + '; retrying.', true);
        return;
      }
      show(answer.body);
      setStatus('Live, updated ' + new Date(answer.body.time).toLocaleTimeString() + '.');
    } catch (down) {
      setStatus('The server does not answer; retrying every second.', true);
    } finally {
      polling = false;
    }
  }

  function show(overview) {
    $('messages-rate').textContent = overview.rates.messagesPerSecond.toFixed(1);
    $('deliveries-rate').textContent = overview.rates.deliveriesPerSecond.toFixed(1);
    chart($('messages-chart'), overview.rates.messages, 'accent');
    chart($('deliveries-chart'), overview.rates.deliveries, 'accent2');
    $('window-span').textContent = String(overview.window.seconds);
    $('slow-consumers').textContent = String(overview.window.slowConsumers);
    $('rate-limited').textContent = String(overview.window.rateLimited);
    tally($('closes'), overview.window.closes);
    tally($('refusals'), overview.window.refusals);
    $('room-count').textContent = String(overview.rooms.live.length);
    $('stored-count').textContent = String(overview.rooms.stored);
    rows($('rooms'), overview.rooms.live.map((room) => {
      const tr = row([room.room, String(room.members), room.users.join(', ')]);
      tr.dataset.room = room.room;
      tr.cells[1].className = 'num';
      return tr;
    }));
    $('session-count').textContent = String(overview.sessions.length);
    rows($('sessions'), overview.sessions.map(sessionRow));
  }

  function sessionRow(session) {
    const queued = session.queuedBytes === null ? '–' : session.queuedBytes + ' B';
    const age = session.ageSeconds === null ? '–' : session.ageSeconds + ' s';
    const tr = row([session.id, session.user, session.address, session.path, session.transport, age, queued,
      session.rooms.join(', ')]);
    tr.dataset.session = session.id;
    tr.dataset.user = session.user;
    tr.cells[5].className = 'num';
    tr.cells[6].className = 'num';
    const action = document.createElement('td');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'secondary close-session';
    button.textContent = 'Close…';
    button.setAttribute('aria-label', 'close session ' + session.id + (session.user ? ' of ' + session.user : ''));
    button.addEventListener('click', () => {
      $('close-session').value = session.id;
      $('close-reason').focus();
    });
    action.append(button);
    tr.append(action);
    return tr;
  }

  function row(cells) {
    const tr = document.createElement('tr');
    for (const text of cells) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    return tr;
  }

  function rows(table, trs) {
    table.tBodies[0].replaceChildren(...trs);
  }

  function tally(list, counts) {
    const items = Object.keys(counts).sort().map((name) => {
      const li = document.createElement('li');
      li.textContent = name + ': ' + counts[name];
      return li;
    });
    list.replaceChildren(...items);
  }

  // A line of per-second rates over the last minute, scaled to its largest value.
  function chart(canvas, points, colour) {
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || 320;
    const height = canvas.clientHeight || 90;
    if (canvas.width !== Math.round(width * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const g = canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    const style = getComputedStyle(document.documentElement);
    const top = Math.max(1, ...points.map((p) => p[1]));
    g.fillStyle = style.getPropertyValue('--muted').trim();
    g.font = '11px system-ui, sans-serif';
    g.fillText(top.toFixed(top < 10 ? 1 : 0) + '/s', 4, 12);
    if (points.length < 2) {
      return;
    }
    const x = (i) => 4 + (width - 8) * (i / 59 + (60 - points.length) / 59);
    const y = (v) => height - 4 - (height - 20) * (v / top);
    g.strokeStyle = style.getPropertyValue('--' + colour).trim();
    g.lineWidth = 2;
    g.beginPath();
    points.forEach((p, i) => (i === 0 ? g.moveTo(x(i), y(p[1])) : g.lineTo(x(i), y(p[1]))));
    g.stroke();
  }

  async function publish(event) {
    event.preventDefault();
    const room = $('publish-room').value.trim();
    const text = $('publish-text').value;
    try {
      const answer = await call('rooms/' + encodeURIComponent(room) + '/messages',
        { method: 'POST', body: JSON.stringify({ text }) });
      if (refused(answer)) {
        return;
      }
      if (answer.status === 202) {
        setStatus('Published into ' + room + ' as message ' + answer.body.id + '.');
        $('publish-text').value = '';
      } else {
        setStatus('Not published: ' + answer.body.message, true);
      }
    } catch (down) {
      setStatus('Not published: the server does not answer.', true);
    }
  }

  async function closeSession(event) {
    event.preventDefault();
    const id = $('close-session').value.trim();
    const code = Number($('close-code').value);
    const reason = $('close-reason').value;
    try {
      const answer = await call('sessions/' + encodeURIComponent(id) + '/close',
        { method: 'POST', body: JSON.stringify({ code, reason }) });
      if (refused(answer)) {
        return;
      }
      if (answer.status === 202) {
        setStatus('Closed session ' + id + ' with ' + code + '.');
        $('close-session').value = '';
      } else {
        setStatus('Not closed: ' + answer.body.message, true);
      }
    } catch (down) {
      setStatus('Not closed: the server does not answer.', true);
    }
  }

  function login(event) {
    event.preventDefault();
    key = $('key').value;
    $('key').value = '';
    $('login').hidden = true;
    $('dashboard').hidden = false;
    $('logout').hidden = false;
    setStatus('Connecting…');
    poll();
    timer = setInterval(poll, POLL_MS);
  }

  function logout(why) {
    key = null;
    clearInterval(timer);
    timer = null;
    $('dashboard').hidden = true;
    $('logout').hidden = true;
    $('login').hidden = false;
    setStatus(typeof why === 'string' ? why : 'Logged out.', typeof why === 'string');
    $('key').focus();
  }

  $('login').addEventListener('submit', login);
  $('logout').addEventListener('click', () => logout());
  $('publish').addEventListener('submit', publish);
  $('close').addEventListener('submit', closeSession);
})();
