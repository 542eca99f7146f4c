package dev.parley.scaling;

import static dev.parley.chat.ChatPage.await;
import static dev.parley.chat.ChatPage.logTexts;
import static dev.parley.chat.ChatPage.say;
import static dev.parley.chat.ChatPage.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebDriver;

import dev.parley.chat.ChatPage;
import dev.parley.redis.RedisProcess;
import dev.parley.server.RunningServer;

/**
 * Issue 14: the chat page in two browsers (Debian's Chromium, {@link ChatPage}), both loaded through
 * HAProxy, each page's WebSocket on another node of a Redis cluster: they see each other arrive and each other's
 * messages, once each, in one order.
 */
class ClusterBrowserIT {
    @RegisterExtension
    @Order(0)
    static final RedisProcess redis = new RedisProcess();
    /** Started after the nodes; made first, for its origin, which the nodes allow. */
    @RegisterExtension
    @Order(3)
    static final Haproxy lb = Haproxy.of(() -> ClusterBrowserIT.nodes());
    @RegisterExtension
    @Order(1)
    static final RunningServer a = new RunningServer(config -> Cluster.node(config, redis.uri(), lb.origin()));
    @RegisterExtension
    @Order(2)
    static final RunningServer b = new RunningServer(config -> Cluster.node(config, redis.uri(), lb.origin()));

    private static List<URI> nodes() {
        return List.of(a.http("/"), b.http("/"));
    }

    @TempDir
    Path profiles;

    private final List<WebDriver> browsers = new ArrayList<>();

    @AfterEach
    void quitBrowsers() {
        browsers.forEach(WebDriver::quit);
    }

    @Test
    void twoPagesOnTwoNodesThroughTheBalancerSeeEachOther() throws Exception {
        NodeMetrics.Landed<WebDriver> alice = NodeMetrics.landed(nodes(), () -> enter(browser("alice"), "alice"));
        NodeMetrics.Landed<WebDriver> bob = NodeMetrics.landed(nodes(), () -> enter(browser("bob"), "bob"));
        assertEquals(List.of(0, 1), List.of(alice.node(), bob.node()).stream().sorted().toList(),
                "one page on each node");

        await(alice.connection(), "bob's arrival", d -> logTexts(d).contains("bob joined"));
        await(bob.connection(), "alice in the member list", d -> texts(d, "#members li").contains("alice"));
        say(alice.connection(), "hello from one node");
        await(bob.connection(), "alice's message", d -> logTexts(d).contains("alice: hello from one node"));
        say(bob.connection(), "hello from the other");
        List<String> expected = List.of("alice: hello from one node", "bob: hello from the other");
        for (WebDriver page : List.of(alice.connection(), bob.connection())) {
            await(page, "both messages once, in order: " + expected, d -> logTexts(d).stream()
                    .filter(l -> l.startsWith("alice: ") || l.startsWith("bob: ")).toList().equals(expected));
        }
    }

    private WebDriver browser(String name) {
        WebDriver driver = ChatPage.chromium(profiles.resolve(name));
        browsers.add(driver);
        return driver;
    }

    /** Loads the page through the balancer, enters {@code name} and the room; returns once the page is in it. */
    private static WebDriver enter(WebDriver browser, String name) {
        ChatPage.enter(browser, lb.http("/").toString(), name, "cluster");
        return browser;
    }
}
