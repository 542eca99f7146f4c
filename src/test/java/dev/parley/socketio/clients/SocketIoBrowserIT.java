package dev.parley.socketio.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.parley.chat.ChatPage;
import dev.parley.deploy.ServerProcess;

/**
 * The official socket.io-client browser bundle in Debian's Chromium (headless, Selenium through the system
 * chromedriver, started as the chat page's ITs start it: {@link ChatPage#chromium}) against a Socket.IO server that
 * keeps peers/socketio/CONTRACT.md: the page src/test/resources/socketio/index.html runs the {@code basic} scenario
 * over each transport choice. The page comes from {@link #PAGE_ORIGIN}, cross-origin to the server, which must allow
 * that origin. A subclass names the server, as for {@link SocketIoClientsIT} ({@link ParleySocketIoBrowserIT}).
 */
public abstract class SocketIoBrowserIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int PAGE_PORT = freePort();
    /** The page's origin, chosen before any server starts, so a server can be told to allow it. */
    protected static final String PAGE_ORIGIN = "http://127.0.0.1:" + PAGE_PORT;
    private static final List<String> STEPS = List.of("connect", "welcome", "echo", "echo_binary", "ack", "server_ack",
            "namespace", "invalid_namespace", "server_disconnect", "done");

    @TempDir
    Path profile;
    private WebDriver browser;

    /** The server under test, running for the class. */
    protected abstract SocketIoServer server();

    @AfterEach
    void quitBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @ParameterizedTest(name = "browser basic over {0}")
    @EnumSource(Transport.class)
    void theBrowserClientSeesWhatTheContractSays(Transport transport) {
        try (PageServer pages = new PageServer(PAGE_PORT)) {
            browser = ChatPage.chromium(profile);
            browser.get(pages.origin() + "/?server=" + URLEncoder.encode(server().url().toString(),
                    StandardCharsets.UTF_8) + "&transport=" + transport.argument());
            JavascriptExecutor js = (JavascriptExecutor) browser;
            new WebDriverWait(browser, WAIT)
                    .until(d -> Boolean.TRUE.equals(js.executeScript("return window.finished")));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> steps = (List<Map<String, Object>>) js.executeScript("return window.steps");
            String shown = server().name() + ", " + transport.argument() + ": " + steps;
            assertEquals(STEPS, steps.stream().map(step -> step.get("step")).toList(), shown);
            assertTrue(steps.stream().allMatch(step -> Boolean.TRUE.equals(step.get("ok"))), shown);
            assertEquals(transport == Transport.POLLING ? "polling" : "websocket",
                    steps.get(0).get("engineTransport"), shown);
        }
    }

    private static int freePort() {
        try {
            return ServerProcess.freeLoopbackPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
