package dev.parley.chat;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The chat page as the browser ITs drive it ({@code ChatBrowserIT}, {@code scaling.ClusterBrowserIT}): Debian's
 * Chromium, headless, through the system chromedriver (scripts/ensure-chromium.sh installs both; the Socket.IO
 * browser ITs start it here too); entering a name and a room, saying something, reading the log and the members.
 */
public final class ChatPage {
    /** How long a page may take to show what a test waits for. */
    public static final Duration WAIT = Duration.ofSeconds(30);

    private ChatPage() {
    }

    /** A new headless Chromium with its own profile in {@code profile}; the caller quits it. */
    public static WebDriver chromium(Path profile) {
        return chromium(profile, 1000, 700);
    }

    /** The same, its window {@code width}×{@code height}. */
    public static ChromeDriver chromium(Path profile, int width, int height) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=" + width + "," + height, "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** The header's state line (the connection's state in words). */
    public static String stateOf(WebDriver browser) {
        return browser.findElement(By.id("state")).getText();
    }

    /** The state line while connected as {@code name}. */
    public static String connectedAs(String name) {
        return "Connected as " + name;
    }

    /** Loads the page at {@code url}, enters {@code name} and {@code room}; returns once the page is in the room. */
    public static void enter(WebDriver browser, String url, String name, String room) {
        browser.get(url);
        browser.findElement(By.id("name")).sendKeys(name, Keys.ENTER);
        await(browser, "an open connection", d -> stateOf(d).equals(connectedAs(name)));
        browser.findElement(By.id("room")).clear();
        browser.findElement(By.id("room")).sendKeys(room, Keys.ENTER);
        await(browser, "the room", d -> d.findElement(By.id("room-name")).getText().equals("#" + room));
    }

    public static void say(WebDriver browser, String text) {
        browser.findElement(By.id("message")).sendKeys(text, Keys.ENTER);
    }

    /** The log's lines without their times. */
    public static List<String> logTexts(WebDriver browser) {
        return texts(browser, "#log li span");
    }

    /**
     * The texts of the elements matching {@code css}, read in one go in the page (no element can go stale), each
     * without the page's " (you)".
     */
    public static List<String> texts(WebDriver browser, String css) {
        Object texts = ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent)", css);
        return ((List<?>) texts).stream().map(String::valueOf).map(t -> t.replace(" (you)", "")).toList();
    }

    /** Waits up to {@link #WAIT} for {@code condition}; fails with {@code what} if it never holds. */
    public static void await(WebDriver browser, String what, Predicate<WebDriver> condition) {
        new WebDriverWait(browser, WAIT).withMessage(what).ignoring(StaleElementReferenceException.class)
                .until(condition::test);
    }
}
