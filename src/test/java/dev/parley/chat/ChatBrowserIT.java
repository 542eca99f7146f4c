package dev.parley.chat;

import static dev.parley.chat.ChatPage.WAIT;
import static dev.parley.chat.ChatPage.await;
import static dev.parley.chat.ChatPage.connectedAs;
import static dev.parley.chat.ChatPage.enter;
import static dev.parley.chat.ChatPage.logTexts;
import static dev.parley.chat.ChatPage.say;
import static dev.parley.chat.ChatPage.stateOf;
import static dev.parley.chat.ChatPage.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;

import dev.parley.server.Config;
import dev.parley.server.ParleyServer;
import dev.parley.server.RunningServer;

/**
 * The chat page in a real browser: Debian's Chromium, headless, driven by Selenium through the system
 * chromedriver ({@link ChatPage}). Alice reaches the server through a proxy the test can
 * stall and cut; Bob connects directly.
 */
class ChatBrowserIT {
    /** What the page says when a room it is in comes back with another epoch. */
    private static final String STARTED_ANEW =
            "the room started anew while you were away (server restarted or room removed)";

    /** Alice's proxy port, chosen up front: her page's origin is the proxy's, which the server must allow. */
    private static final int PROXY_PORT = freePort();

    /**
     * Pings every 500 ms and drops a session after 1 s without a pong, so a stalled Alice is dropped quickly; allows
     * the origin of the page loaded through the proxy. An outbound bound of 64 KiB makes history pages of 16 KiB, so
     * a backlog of 50 long messages takes several (which a writer says quickly: no rate limit to speak of). A room
     * nobody is in goes after 1 s.
     */
    @RegisterExtension
    static final RunningServer server = new RunningServer(config -> config
            .withLimits(config.limits().withMaxMessageBytes(32 * 1024).withOutbound(1024, 64 * 1024))
            .withChat(config.chat().withPing(Duration.ofMillis(500), Duration.ofMillis(1000)).withRate(1000, 1000)
                    .withAllowedOrigins(Set.of("http://127.0.0.1:" + PROXY_PORT))
                    .withRooms(new RoomLimits(RoomLimits.DEFAULTS.historyBytes(),
                            RoomLimits.DEFAULTS.historyTotalBytes(), RoomLimits.DEFAULTS.maxRooms(),
                            RoomLimits.DEFAULTS.newRoomsPerMinute(), Duration.ofSeconds(1)))));

    private static int freePort() {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return free.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TempDir
    Path profiles;

    private final List<WebDriver> browsers = new ArrayList<>();

    private WebDriver browser(String name) {
        WebDriver driver = ChatPage.chromium(profiles.resolve(name));
        browsers.add(driver);
        return driver;
    }

    @AfterEach
    void quitBrowsers() {
        browsers.forEach(WebDriver::quit);
    }

    @Test
    void twoPeopleChatSafelyAndAResumedPageShowsWhatItMissedExactlyOnce() throws Exception {
        InetSocketAddress serverAddress = new InetSocketAddress(server.http("/").getHost(),
                server.http("/").getPort());
        try (CuttableProxy proxy = new CuttableProxy(serverAddress, PROXY_PORT)) {
            WebDriver alice = browser("alice");
            WebDriver bob = browser("bob");
            enter(alice, "http://127.0.0.1:" + proxy.port() + "/", "alice", "lobby");
            enter(bob, server.http("/").toString(), "bob", "lobby");

            await(alice, "bob's arrival", d -> logTexts(d).contains("bob joined"));
            await(bob, "alice in the member list", d -> texts(d, "#members li").contains("alice"));

            say(bob, "<img src=x onerror=alert(1)>");
            say(alice, "hello bob");
            await(alice, "bob's message as text", d -> logTexts(d).contains("bob: <img src=x onerror=alert(1)>"));
            await(alice, "her own message confirmed", d -> !d.findElements(By.cssSelector("#log li.mine.confirmed"))
                    .isEmpty());
            await(bob, "alice's message", d -> logTexts(d).contains("alice: hello bob"));
            assertEquals(0, alice.findElements(By.cssSelector("#log img")).size(), "no element made from text");
            assertThrows(NoAlertPresentException.class, () -> alice.switchTo().alert());

            // The network between Alice and the server goes silent: her pongs never arrive, and the server drops
            // her (ping timeout). Bob sees her leave, then talks on.
            proxy.stall();
            await(bob, "alice dropped by the server", d -> logTexts(d).contains("alice left"));
            for (int n = 1; n <= 3; n++) {
                say(bob, "while you were away " + n);
            }
            proxy.cut(); // her socket ends; her page reconnects and resumes the room from the last id it showed
            await(alice, "the missed messages",
                    d -> logTexts(d).contains("bob: while you were away 3")
                            && stateOf(d).equals(connectedAs("alice")));

            List<String> log = logTexts(alice);
            for (String line : List.of("bob: <img src=x onerror=alert(1)>", "alice: hello bob",
                    "bob: while you were away 1", "bob: while you were away 2", "bob: while you were away 3")) {
                assertEquals(1, log.stream().filter(line::equals).count(), line + " once in " + log);
            }
            assertEquals(List.of("bob: <img src=x onerror=alert(1)>", "alice: hello bob",
                    "bob: while you were away 1", "bob: while you were away 2", "bob: while you were away 3"),
                    log.stream().filter(l -> l.startsWith("bob: ") || l.startsWith("alice: ")).toList(),
                    "in id order");
            Path shot = ((ChromeDriver) alice).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, Path.of("target", "chat-browser.png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void aBacklogLargerThanOneHistoryPageIsShownWholeInOrder() throws Exception {
        String filler = "x".repeat(1500);
        try (ChatClient writer = ChatClient.connect(server.ws("/chat?name=writer"))) {
            writer.ok("{\"type\":\"join\",\"room\":\"paged\"}");
            for (int n = 1; n <= 80; n++) {
                writer.ok("{\"type\":\"say\",\"room\":\"paged\",\"text\":\"m" + n + " " + filler + "\"}");
            }
            WebDriver carol = browser("carol");
            enter(carol, server.http("/").toString(), "carol", "paged");
            // The page shows the last 50 (its backlog): about 78 KB, five pages of 16 KiB, followed by "more".
            await(carol, "the whole backlog", d -> logTexts(d).contains("writer: m80 " + filler));
            List<String> shown = logTexts(carol).stream().filter(l -> l.startsWith("writer: ")).toList();
            List<String> expected = new ArrayList<>();
            for (int n = 31; n <= 80; n++) {
                expected.add("writer: m" + n + " " + filler);
            }
            assertEquals(expected, shown);
        }
    }

    /**
     * A room removed while the page was away is made anew when it comes back, its ids starting again from 1: the
     * page must show the new room's messages, not take them for ones it already has.
     */
    @Test
    void aPageBackInARoomMadeAnewShowsItsNewMessages() throws Exception {
        InetSocketAddress serverAddress = new InetSocketAddress(server.http("/").getHost(),
                server.http("/").getPort());
        try (CuttableProxy proxy = new CuttableProxy(serverAddress, PROXY_PORT);
             ChatClient writer = ChatClient.connect(server.ws("/chat?name=scribe"))) {
            WebDriver dave = browser("dave");
            enter(dave, "http://127.0.0.1:" + proxy.port() + "/", "dave", "fleeting");
            writer.ok("{\"type\":\"join\",\"room\":\"fleeting\"}");
            for (int n = 1; n <= 3; n++) {
                writer.ok("{\"type\":\"say\",\"room\":\"fleeting\",\"text\":\"old " + n + "\"}");
            }
            await(dave, "the first messages", d -> logTexts(d).contains("scribe: old 3"));
            writer.ok("{\"type\":\"leave\",\"room\":\"fleeting\"}");

            // Dave's network goes silent: the server drops him, and the room, empty, goes after its idle second
            // (as do the rooms of the other tests, whose browsers have quit).
            proxy.stall();
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!http.send(HttpRequest.newBuilder(server.http("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body().matches("(?s).*\nparley_chat_rooms 0(\\.0)?\n.*")) {
                assertTrue(System.nanoTime() < deadline, "the room was never removed");
            }
            proxy.cut(); // his page reconnects and joins again: the ack has another epoch
            await(dave, "the reset noticed", d -> logTexts(d).contains(STARTED_ANEW));
            writer.ok("{\"type\":\"join\",\"room\":\"fleeting\"}");
            writer.ok("{\"type\":\"say\",\"room\":\"fleeting\",\"text\":\"new 1\"}"); // id 1 again
            await(dave, "the new room's first message", d -> logTexts(d).contains("scribe: new 1"));
            assertEquals(List.of("scribe: old 1", "scribe: old 2", "scribe: old 3", "scribe: new 1"),
                    logTexts(dave).stream().filter(l -> l.startsWith("scribe: ")).toList());
        }
    }

    /**
     * Issue 12: a name that is connected is refused, and the page says why (the browser cannot read a handshake's
     * HTTP status: the page offers the 'parley' subprotocol and gets an error frame and close 4409), then offers
     * the name form again instead of retrying.
     */
    @Test
    void aTakenNameIsRefusedAndThePageSaysWhy() throws Exception {
        try (ChatClient frank = ChatClient.connect(server.ws("/chat?name=frank"))) {
            WebDriver impostor = browser("impostor");
            impostor.get(server.http("/").toString());
            impostor.findElement(By.id("name")).sendKeys("frank", Keys.ENTER);
            await(impostor, "the refusal", d -> stateOf(d)
                    .equals("Not connected. The name “frank” is in use by someone connected now."));
            await(impostor, "the name form again", d -> d.findElement(By.id("login")).isDisplayed()
                    && !d.findElement(By.id("chat")).isDisplayed());
            frank.ok("{\"type\":\"join\",\"room\":\"franks\"}"); // the real Frank is still himself

            impostor.findElement(By.id("name")).clear();
            impostor.findElement(By.id("name")).sendKeys("frank2", Keys.ENTER);
            await(impostor, "another name is welcomed", d -> stateOf(d).equals(connectedAs("frank2")));
        }
    }

    /**
     * Issue 12: a restart is not news. Both pages get 1001 from the stopping server, wait, reconnect to the new one
     * on the same port and rejoin, and neither shows anyone leaving or joining again.
     */
    @Test
    void aRestartIsNotPresenceNoise() throws Exception {
        int port = freePort();
        Config config = Config.defaults().withPort(port);
        ParleyServer first = ParleyServer.start(config);
        ParleyServer second = null;
        try {
            String page = "http://127.0.0.1:" + port + "/";
            WebDriver grace = browser("grace");
            WebDriver heidi = browser("heidi");
            enter(grace, page, "grace", "lobby");
            enter(heidi, page, "heidi", "lobby");
            await(grace, "heidi's arrival", d -> logTexts(d).contains("heidi joined"));
            List<List<String>> before = List.of(texts(grace, "#log li.presence span"),
                    texts(heidi, "#log li.presence span"));

            first.stop(); // 1001 to both; returns once they have answered
            second = ParleyServer.start(config);
            for (WebDriver browser : List.of(grace, heidi)) {
                await(browser, "open again, both here", d -> stateOf(d).equals(connectedAs(browser == grace ? "grace" : "heidi"))
                        && texts(d, "#members li").containsAll(List.of("grace", "heidi")));
            }
            say(heidi, "back again");
            await(grace, "heidi's message after the restart", d -> logTexts(d).contains("heidi: back again"));
            assertEquals(before, List.of(texts(grace, "#log li.presence span"), texts(heidi, "#log li.presence span")),
                    "no presence since the restart: nobody left, nobody joined");
        } finally {
            first.stop();
            if (second != null) {
                second.stop();
            }
        }
    }

    /**
     * Issue 12, item 1: "After a server restart, new messages silently disappear. Ids start again at 1; the page
     * drops every id it has already seen, so Bob's first message after the restart never shows on Alice's screen".
     * The server stops and a new one starts on the same port, remembering nothing. Bob comes back at once and says
     * something: id 1 again, the id of the message Alice has from before. Her page, back after that, sees the
     * room's new epoch and shows it; each page shows every message once. (The page before epochs fails here: Alice
     * never sees Bob's message.)
     */
    @Test
    void afterARestartTheFirstMessageShowsOnBothPagesExactlyOnce() throws Exception {
        InetSocketAddress serverAddress = new InetSocketAddress(server.http("/").getHost(),
                server.http("/").getPort());
        try (CuttableProxy proxy = new CuttableProxy(serverAddress, PROXY_PORT)) {
            WebDriver alice = browser("alice-restart");
            WebDriver bob = browser("bob-restart");
            enter(alice, "http://127.0.0.1:" + proxy.port() + "/", "alice", "restart");
            enter(bob, server.http("/").toString(), "bob", "restart");
            await(alice, "bob's arrival", d -> logTexts(d).contains("bob joined"));
            say(bob, "before the restart"); // id 1 of the old epoch
            await(alice, "bob's message", d -> logTexts(d).contains("bob: before the restart"));

            proxy.stall(); // Alice's network is held: she learns of the restart only once Bob has spoken again
            server.restart();
            await(bob, "the room's new epoch", d -> logTexts(d).contains(STARTED_ANEW)
                    && stateOf(d).equals(connectedAs("bob")));
            say(bob, "after the restart"); // id 1 of the new epoch
            await(bob, "his first message after the restart", d -> logTexts(d).contains("bob: after the restart"));
            proxy.cut(); // her page reconnects and joins again: the room's last id is 1, as before; the epoch is not
            await(alice, "bob's first message after the restart",
                    d -> logTexts(d).contains("bob: after the restart"));
            say(alice, "welcome back"); // once both pages show this, anything said before it has arrived
            List<String> expected = List.of("bob: before the restart", "bob: after the restart", "alice: welcome back");
            for (WebDriver page : List.of(alice, bob)) {
                // Alice's own line shows twice for a moment: as sent, until its ack, and as the room's message,
                // which the room delivers before the ack. So: wait for each once, in order (a true duplicate never
                // goes away, and fails this).
                await(page, "each message once, in order: " + expected, d -> logTexts(d).stream()
                        .filter(l -> l.startsWith("bob: ") || l.startsWith("alice: ")).toList().equals(expected));
            }
            assertTrue(logTexts(alice).contains(STARTED_ANEW), "her page said why the ids started again");
        }
    }
}
