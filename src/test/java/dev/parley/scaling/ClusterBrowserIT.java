package dev.parley.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.parley.redis.RedisProcess;
import dev.parley.server.RunningServer;

/**
 * Issue 14: the chat page in two browsers (Debian's Chromium, as in {@code ChatBrowserIT}), both loaded through
 * HAProxy, each page's WebSocket on another node of a Redis cluster: they see each other arrive and each other's
 * messages, once each, in one order.
 */
class ClusterBrowserIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

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
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1000,700", "--user-data-dir=" + profiles.resolve(name));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        browsers.add(driver);
        return driver;
    }

    /** Loads the page through the balancer, enters {@code name} and the room; returns once the page is in it. */
    private static WebDriver enter(WebDriver browser, String name) {
        browser.get(lb.http("/").toString());
        browser.findElement(By.id("name")).sendKeys(name, Keys.ENTER);
        await(browser, "an open connection", d -> d.findElement(By.id("state")).getText().startsWith("open"));
        browser.findElement(By.id("room")).clear();
        browser.findElement(By.id("room")).sendKeys("cluster", Keys.ENTER);
        await(browser, "the room", d -> d.findElement(By.id("room-name")).getText().equals("#cluster"));
        return browser;
    }

    private static void say(WebDriver browser, String text) {
        browser.findElement(By.id("message")).sendKeys(text, Keys.ENTER);
    }

    /** The log's lines without their times. */
    private static List<String> logTexts(WebDriver browser) {
        return texts(browser, "#log li span");
    }

    private static List<String> texts(WebDriver browser, String css) {
        Object texts = ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent)", css);
        return ((List<?>) texts).stream().map(String::valueOf).map(t -> t.replace(" (you)", "")).toList();
    }

    private static void await(WebDriver browser, String what, Predicate<WebDriver> condition) {
        new WebDriverWait(browser, WAIT).withMessage(what).ignoring(StaleElementReferenceException.class)
                .until(condition::test);
    }
}
