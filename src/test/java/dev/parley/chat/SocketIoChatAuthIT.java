package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import jakarta.json.JsonObject;

import dev.parley.json.JsonText;
import dev.parley.server.Config;
import dev.parley.server.ParleyServer;
import dev.parley.socketio.SocketIoJson;

/**
 * Auth mode over Socket.IO: a CONNECT to {@code /chat} is the token's {@code sub}, the token from the auth payload or
 * the {@code parley_token} cookie of the opening request; without one, or with a bad one, CONNECT_ERROR with the 401
 * error frame. A user holds a Socket.IO and a WebSocket connection at once, as several tabs.
 */
class SocketIoChatAuthIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static ParleyServer server;

    @BeforeAll
    static void start() throws Exception {
        Config config = Config.defaults().withHost("127.0.0.1").withPort(0);
        config = config.withChat(config.chat().withAuthSecret(Tokens.SECRET));
        server = ParleyServer.start(config); // /socket.io/ with the chat as /chat
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void theTokenOfTheAuthPayloadIsTheUserBesideAWebSocketOfTheSameUser() throws Exception {
        List<String> token = List.of("parley.jwt." + Tokens.valid("dana"));
        try (ChatClient ws = ChatClient.connect(server.uri("ws", "/chat"), token);
             Raw sio = Raw.open(null)) {
            sio.send("40/chat," + JsonText.write(JsonText.object().add("token", Tokens.valid("dana"))));
            assertTrue(sio.next().startsWith("40/chat,{\"sid\":"));
            JsonObject welcome = event(sio.next(), "welcome");
            assertEquals("dana", welcome.getString("user"));
            assertEquals(ws.welcome.getString("epoch"), welcome.getString("epoch"));
        }
    }

    @Test
    void theCookieServesWhenThePayloadHasNoToken() throws Exception {
        try (Raw sio = Raw.open("parley_token=" + Tokens.valid("erin"))) {
            sio.send("40/chat,{}");
            assertTrue(sio.next().startsWith("40/chat,"));
            assertEquals("erin", event(sio.next(), "welcome").getString("user"));
        }
    }

    @Test
    void noTokenOrABadOneIsRefusedWithThe401Frame() throws Exception {
        try (Raw sio = Raw.open(null)) {
            sio.send("40/chat,{\"name\":\"frank\"}");
            JsonObject none = refusal(sio.next());
            assertEquals("token_required", none.getString("message"));
            assertEquals(401, none.getJsonObject("data").getInt("status"));
            sio.send("40/chat,{\"token\":\"a.b.c\"}");
            JsonObject bad = refusal(sio.next());
            assertEquals("bad_token", bad.getString("message"));
            assertEquals("bad_token", bad.getJsonObject("data").getString("code"));
        }
    }

    private static JsonObject event(String packet, String name) {
        assertTrue(packet.startsWith("42/chat,"), packet);
        var args = SocketIoJson.parse(packet.substring("42/chat,".length())).asJsonArray();
        assertEquals(name, args.getString(0), packet);
        return args.getJsonObject(1);
    }

    private static JsonObject refusal(String packet) {
        assertTrue(packet.startsWith("44/chat,"), packet);
        return JsonText.readObject(packet.substring("44/chat,".length()));
    }

    /** Engine.IO over the JDK's WebSocket, raw packets: pings answered, every other text frame queued. */
    private static final class Raw implements AutoCloseable, WebSocket.Listener {
        private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static Raw open(String cookie) throws InterruptedException {
            Raw raw = new Raw();
            WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(WAIT);
            if (cookie != null) {
                builder.header("Cookie", cookie);
            }
            URI uri = URI.create(server.uri("ws", "/socket.io/") + "?EIO=4&transport=websocket");
            raw.socket = builder.buildAsync(uri, raw).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
            String open = raw.next();
            assertTrue(open.startsWith("0{"), open);
            return raw;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                if (text.equals("2")) {
                    webSocket.sendText("3", true);
                } else {
                    texts.add(text);
                }
            }
            webSocket.request(1);
            return null;
        }

        void send(String packet) {
            socket.sendText(packet, true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        }

        String next() throws InterruptedException {
            String text = texts.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (text == null) {
                throw new AssertionError("no packet within " + WAIT);
            }
            return text;
        }

        @Override
        public void close() {
            socket.abort();
        }
    }
}
