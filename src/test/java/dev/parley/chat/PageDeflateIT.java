package dev.parley.chat;

import static dev.parley.chat.ChatPage.await;
import static dev.parley.chat.ChatPage.enter;
import static dev.parley.chat.ChatPage.logTexts;
import static dev.parley.chat.ChatPage.say;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.chrome.ChromeDriver;

import dev.parley.server.RunningServer;

/**
 * Issue 18 in Chromium: the chat page's own WebSocket negotiates permessage-deflate with the embedded server's default
 * ({@code --deflate on}), and two people chat through it with messages over the 128-byte threshold both ways. The
 * test records the page's sockets by wrapping {@code WebSocket} before the page's script runs (DevTools'
 * {@code Page.addScriptToEvaluateOnNewDocument}; the page itself exposes nothing) and reads {@code extensions}, the
 * header the browser accepted.
 */
class PageDeflateIT {
    /** Chromium offers {@code permessage-deflate; client_max_window_bits}; Parley's answer names what it asks. */
    static final String ANSWER = "permessage-deflate; server_no_context_takeover; client_no_context_takeover";

    private static final String RECORD_SOCKETS = "window.parleyTestSockets = [];"
            + "const NativeWebSocket = window.WebSocket;"
            + "window.WebSocket = class extends NativeWebSocket {"
            + "  constructor(...args) { super(...args); window.parleyTestSockets.push(this); } };";

    @RegisterExtension
    static final RunningServer server = new RunningServer();

    @RegisterExtension
    final PageBrowsers browsers = new PageBrowsers();

    private ChromeDriver recording(String name) throws Exception {
        ChromeDriver page = browsers.open(name, PageBrowsers.Screen.DESKTOP, false);
        page.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", RECORD_SOCKETS));
        return page;
    }

    @SuppressWarnings("unchecked")
    private static List<String> extensions(ChromeDriver page) {
        return (List<String>) page.executeScript(
                "return window.parleyTestSockets.filter(s => s.readyState === 1).map(s => s.extensions)");
    }

    @Test
    void thePageNegotiatesPermessageDeflateAndChatsThroughIt() throws Exception {
        ChromeDriver alice = recording("alice");
        ChromeDriver bob = recording("bob");
        enter(alice, server.http("/").toString(), "alice", "deflated");
        enter(bob, server.http("/").toString(), "bob", "deflated");
        assertEquals(List.of(ANSWER), extensions(alice));
        assertEquals(List.of(ANSWER), extensions(bob));

        // over the 128-byte threshold, so Parley's pushes go compressed too (Chromium compresses whatever it sends)
        String long1 = "alice says" + " the quick brown fox jumps over the lazy dog".repeat(8);
        String long2 = "bob answers" + " pack my box with five dozen liquor jugs".repeat(8);
        say(alice, long1);
        await(bob, "alice's long message", d -> logTexts(d).contains("alice: " + long1));
        say(bob, long2);
        await(alice, "bob's long message", d -> logTexts(d).contains("bob: " + long2));
        await(bob, "his own message", d -> logTexts(d).contains("bob: " + long2));
        assertEquals(List.of(ANSWER), extensions(alice), "still the one socket, still deflating");
    }
}
