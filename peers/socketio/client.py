"""The official Python client (Debian's python3-socketio 5.7) against a server that keeps peers/socketio/CONTRACT.md.

Usage: /usr/bin/python3 peers/socketio/client.py URL TRANSPORT SCENARIO [STEP_TIMEOUT_MS]
  URL        http://127.0.0.1:PORT (the Socket.IO path is /socket.io/) or http://127.0.0.1:PORT/ROOT (a WAR's context
             root: the path is /ROOT/socket.io/)
  TRANSPORT  polling-upgrade | websocket | polling
  SCENARIO   basic | refused | chat
Prints one JSON line per observed outcome ({"client":"python","step":...,"ok":true|false,...}), the last one
{"step":"done",...}. Exit status: 0 every step as the contract says, 1 a step saw something else, 2 a step timed out
(every wait is bounded by STEP_TIMEOUT_MS, default 10000), 64 bad arguments.
"""
import json
import os
import queue
import sys
import time
import urllib.parse

import socketio

TRANSPORTS = {'polling-upgrade': ['polling', 'websocket'], 'websocket': ['websocket'], 'polling': ['polling']}


class StepFailed(Exception):
    def __init__(self, step, message, status):
        super().__init__(message)
        self.step = step
        self.status = status


class Run:
    """What the scenarios share: the arguments, the clients made (all disconnected at the end), bounded waits."""

    def __init__(self, url, transport, scenario, timeout):
        self.url = url
        self.socketio_path = urllib.parse.urlparse(url).path.strip('/') + '/socket.io'
        self.transport = transport
        self.scenario = scenario
        self.timeout = timeout
        self.clients = []

    def client(self):
        """A new client (one Engine.IO session when connected) whose events go to queues: see events()."""
        sio = socketio.Client(reconnection=False, handle_sigint=False)
        sio.received = {}
        self.clients.append(sio)
        return sio

    def events(self, sio, event, namespace='/'):
        """A queue of the argument lists of `event` on `namespace` (the handler returns `answer(args)` as the ack)."""
        q = sio.received.setdefault((event, namespace), queue.Queue())

        def handler(*args):
            q.put(list(args))

        sio.on(event, handler, namespace=namespace)
        return q

    def connect(self, step, sio, namespaces=('/',), auth=None, wait=True):
        try:
            sio.connect(self.url, auth=auth, transports=TRANSPORTS[self.transport], namespaces=list(namespaces),
                        socketio_path=self.socketio_path, wait=wait, wait_timeout=self.timeout)
        except socketio.exceptions.ConnectionError as e:
            raise StepFailed(step, 'connect failed: %s' % e, 1)

    def take(self, step, q):
        """The next item of `q`, waiting at most the step timeout."""
        try:
            return q.get(timeout=self.timeout)
        except queue.Empty:
            raise StepFailed(step, 'no outcome within %d ms' % (self.timeout * 1000), 2)

    def call(self, step, sio, event, data, namespace='/'):
        """Emits `event` with an ack and returns what the server acked (one value, or a tuple of several)."""
        try:
            return sio.call(event, data, namespace=namespace, timeout=self.timeout)
        except socketio.exceptions.TimeoutError:
            raise StepFailed(step, 'no ack within %d ms' % (self.timeout * 1000), 2)

    def check(self, step, condition, detail):
        if not condition:
            raise StepFailed(step, detail, 1)

    def report(self, step, **fields):
        line = {'client': 'python', 'scenario': self.scenario, 'transport': self.transport, 'step': step, 'ok': True}
        line.update(fields)
        print(json.dumps(line), flush=True)


def basic(run):
    main = run.client()
    welcomes = run.events(main, 'welcome')
    second_welcomes = run.events(main, 'welcome', '/second')
    echoes = run.events(main, 'echo')
    second_echoes = run.events(main, 'echo', '/second')
    answered = run.events(main, 'answered')
    room_messages = run.events(main, 'room_message')
    disconnects = run.events(main, 'disconnect')
    main.on('question', lambda n: {'answer': n + 1})
    run.connect('connect', main, namespaces=('/', '/second'), auth={'user': 'python'})
    expected = 'polling' if run.transport == 'polling' else 'websocket'
    run.check('connect', main.transport() == expected, 'on %s' % main.transport())
    sid = main.get_sid('/')
    run.report('connect', sid=sid, engineTransport=main.transport())

    welcome = run.take('welcome', welcomes)[0]
    run.check('welcome', welcome == {'sid': sid, 'namespace': '/', 'auth': {'user': 'python'}}, 'welcome %s' % welcome)
    run.report('welcome', welcome=welcome)

    sent = ['text', 1, {'nested': [True, None, 2.5]}]
    main.emit('echo', tuple(sent))
    echo = run.take('echo', echoes)
    run.check('echo', echo == sent, 'echo %s' % echo)
    run.report('echo', args=echo)

    data = bytes([0, 1, 2, 253, 254, 255])
    main.emit('echo', ('bytes', data))
    label, back = run.take('echo_binary', echoes)
    run.check('echo_binary', label == 'bytes' and back == data, 'echo %s %r' % (label, back))
    run.report('echo_binary', hex=back.hex())

    acked = run.call('ack', main, 'ack', ('a', 2, {'c': [3]}))
    run.check('ack', list(acked) == ['a', 2, {'c': [3]}], 'ack %s' % (acked,))
    run.report('ack', args=list(acked))

    main.emit('ask', 41)
    answer = run.take('server_ack', answered)[0]
    run.check('server_ack', answer == {'answer': 42}, 'answered %s' % answer)
    run.report('server_ack', answer=answer)

    second_sid = main.get_sid('/second')
    welcome = run.take('namespace', second_welcomes)[0]
    run.check('namespace', welcome['namespace'] == '/second' and welcome['sid'] == second_sid != sid,
              'welcome %s' % welcome)
    main.emit('echo', 'on /second', namespace='/second')
    on_second = run.take('namespace', second_echoes)
    run.check('namespace', on_second == ['on /second'], 'echo %s' % on_second)
    run.report('namespace', namespace='/second', sid=second_sid)

    missing = run.client()
    refusals = run.events(missing, 'connect_error', '/missing')
    run.connect('invalid_namespace', missing, namespaces=('/missing',), wait=False)
    refusal = run.take('invalid_namespace', refusals)[0]
    run.check('invalid_namespace', refusal == {'message': 'Invalid namespace'}, 'connect_error %s' % refusal)
    run.report('invalid_namespace', message=refusal['message'])

    rooms(run, main, sid, room_messages)

    main.emit('bye')
    run.take('server_disconnect', disconnects)
    run.report('server_disconnect', by='server')


def rooms(run, a, a_sid, to_a):
    room = 'room-%d' % os.getpid()
    b = run.client()
    to_b = run.events(b, 'room_message')
    run.connect('rooms', b)
    joined_a = run.call('rooms', a, 'join', room)
    joined_b = run.call('rooms', b, 'join', room)
    run.check('rooms', joined_a == {'room': room, 'rooms': [room]} and joined_b == joined_a,
              'join %s %s' % (joined_a, joined_b))
    run.report('rooms', joined=joined_a)

    said = run.call('room_message', a, 'to_room', (room, {'n': 1}))
    message = run.take('room_message', to_b)[0]
    run.check('room_message', message == {'room': room, 'data': {'n': 1}, 'from': a_sid} and said == {'room': room},
              'room_message %s, ack %s' % (message, said))
    # python-socketio 5.7 runs each event handler on a thread of its own: one more round trip lets a copy to the
    # sender, which the server would have sent before the ack, reach its queue
    run.call('room_message', a, 'ack', 'sync')
    run.check('room_message', to_a.empty(), 'the sender got a copy')
    run.report('room_message', message=message, senderSkipped=True)

    left = run.call('leave', b, 'leave', room)
    run.check('leave', left == {'room': room, 'rooms': []}, 'leave %s' % left)
    run.report('leave', left=left)


def refused(run):
    sio = run.client()
    refusals = run.events(sio, 'connect_error')
    connects = run.events(sio, 'connect')
    run.connect('connect_refused', sio, auth={'token': 'bad'}, wait=False)
    error = run.take('connect_refused', refusals)[0]
    run.check('connect_refused', error == {'message': 'authentication failed', 'data': {'code': 'bad_token'}}
              and connects.empty(), 'connect_error %s' % error)
    run.report('connect_refused', message=error['message'], data=error['data'])


def chat(run):
    suffix = '%d-%d' % (os.getpid(), int(time.time() * 1000) % 100000)
    room = 'lobby-' + suffix
    alice, alice_name, alice_presence, alice_messages = member(run, 'alice-' + suffix)
    bob, bob_name, _, bob_messages = member(run, 'bob-' + suffix)

    joined_a = call_chat(run, 'join', alice, 'join', {'room': room})
    run.check('join', joined_a.get('type') == 'ack' and joined_a.get('members') == [alice_name]
              and joined_a.get('last') == 0 and len(joined_a.get('epoch', '')) == 16, 'join %s' % joined_a)
    joined_b = call_chat(run, 'join', bob, 'join', {'room': room})
    run.check('join', joined_b.get('members') == sorted([alice_name, bob_name])
              and joined_b.get('epoch') == joined_a['epoch'], 'join %s' % joined_b)
    seen = run.take('presence', alice_presence)[0]
    run.check('presence', seen == {'type': 'presence', 'room': room, 'user': bob_name, 'event': 'join'},
              'presence %s' % seen)
    run.report('join', room=room, members=joined_b['members'], epoch=joined_b['epoch'], presence=seen)

    said = call_chat(run, 'say', bob, 'say', {'room': room, 'text': 'hello from bob'})
    run.check('say', said == {'type': 'ack', 'room': room, 'id': 1}, 'say %s' % said)
    for q in (alice_messages, bob_messages):
        m = run.take('message', q)[0]
        run.check('message', m.get('type') == 'message' and m.get('room') == room and m.get('id') == said['id']
                  and m.get('from') == bob_name and m.get('text') == 'hello from bob' and 'ts' in m, 'message %s' % m)
    run.report('message', id=said['id'], **{'from': bob_name}, text='hello from bob', receivedBy=[alice_name, bob_name])

    refused_say = call_chat(run, 'not_member', alice, 'say', {'room': 'x' + room, 'text': 'no'})
    run.check('not_member', refused_say.get('type') == 'error' and refused_say.get('code') == 'not_member',
              'say %s' % refused_say)
    run.report('not_member', code=refused_say['code'])

    twin = run.client()
    refusals = run.events(twin, 'connect_error', '/chat')
    run.connect('name_taken', twin, namespaces=('/chat',), auth={'name': bob_name}, wait=False)
    taken = run.take('name_taken', refusals)[0]
    run.check('name_taken', taken.get('message') == 'name_taken' and taken.get('data', {}).get('status') == 409,
              'connect_error %s' % taken)
    run.report('name_taken', message=taken['message'], data=taken['data'])


def member(run, name):
    sio = run.client()
    welcomes = run.events(sio, 'welcome', '/chat')
    presence = run.events(sio, 'presence', '/chat')
    messages = run.events(sio, 'message', '/chat')
    run.connect('welcome', sio, namespaces=('/chat',), auth={'name': name})
    welcome = run.take('welcome', welcomes)[0]
    run.check('welcome', welcome.get('type') == 'welcome' and welcome.get('user') == name, 'welcome %s' % welcome)
    run.report('welcome', user=name)
    return sio, name, presence, messages


def call_chat(run, step, sio, event, request):
    return run.call(step, sio, event, request, namespace='/chat')


def main(argv):
    scenarios = {'basic': basic, 'refused': refused, 'chat': chat}
    if len(argv) not in (4, 5) or argv[2] not in TRANSPORTS or argv[3] not in scenarios:
        print('usage: client.py URL polling-upgrade|websocket|polling basic|refused|chat [STEP_TIMEOUT_MS]',
              file=sys.stderr)
        return 64
    url, transport, scenario = argv[1:4]
    run = Run(url, transport, scenario, (int(argv[4]) if len(argv) == 5 else 10000) / 1000)
    status = 0
    try:
        scenarios[scenario](run)
        run.report('done')
    except StepFailed as e:
        print(json.dumps({'client': 'python', 'scenario': scenario, 'transport': transport, 'step': e.step,
                          'ok': False, 'error': str(e), 'timeout': e.status == 2}), flush=True)
        status = e.status
    finally:
        for sio in run.clients:
            try:
                sio.disconnect()
            except Exception:  # noqa: BLE001 - a client that never connected; the exit status is already decided
                pass
    return status


if __name__ == '__main__':
    sys.exit(main(sys.argv))
