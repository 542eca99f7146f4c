package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browsers of the page tests (the chat page's and the admin page's): Debian's Chromium, headless
 * ({@link ChatPage#chromium}), with the viewport and colour scheme set through the DevTools protocol, so a "phone" is
 * exactly 390×844 CSS pixels; axe-core's check and screenshots. A JUnit extension, registered per test
 * ({@code @RegisterExtension final PageBrowsers browsers = new PageBrowsers();}): after each test it quits every
 * browser it started and deletes their profiles.
 */
public final class PageBrowsers implements AfterEachCallback {
    static final Duration WAIT = Duration.ofSeconds(30);
    /** axe-core, installed by scripts/ensure-axe.sh from peers/page's lockfile. */
    private static final Path AXE = Path.of("peers", "page", "node_modules", "axe-core", "axe.min.js");

    /** The two widths the pages are checked at. */
    public enum Screen {
        PHONE(390, 844, true), DESKTOP(1440, 900, false);

        final int width;
        final int height;
        final boolean mobile;

        Screen(int width, int height, boolean mobile) {
            this.width = width;
            this.height = height;
            this.mobile = mobile;
        }
    }

    private final List<WebDriver> browsers = new ArrayList<>();
    private Path profiles;

    /** A Chromium of exactly {@code screen}'s size, light or {@code dark}; {@code name} names its profile. */
    public ChromeDriver open(String name, Screen screen, boolean dark) throws IOException {
        return open(name, screen.width, screen.height, screen.mobile, dark);
    }

    /** A Chromium of exactly {@code width}×{@code height} CSS pixels, a phone's if {@code mobile}. */
    public ChromeDriver open(String name, int width, int height, boolean mobile, boolean dark) throws IOException {
        if (profiles == null) {
            profiles = Files.createTempDirectory("parley-browsers");
        }
        ChromeDriver driver = ChatPage.chromium(profiles.resolve(name), width, height);
        browsers.add(driver);
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width,
                "height", height, "deviceScaleFactor", 1, "mobile", mobile));
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", dark ? "dark" : "light"))));
        return driver;
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        browsers.forEach(WebDriver::quit);
        browsers.clear();
        if (profiles != null) {
            try (Stream<Path> all = Files.walk(profiles)) {
                for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
            profiles = null;
        }
    }

    /** axe-core's source, to inject into a page ({@link #axeViolations}); fails the test if it is not installed. */
    public static String axe() throws IOException {
        assertTrue(Files.isRegularFile(AXE), AXE + " is missing: run scripts/ensure-axe.sh");
        return Files.readString(AXE);
    }

    /**
     * axe-core's serious and critical violations on {@code page} as it is now, one line each, prefixed with
     * {@code state}; injects {@code axe} ({@link #axe()}) first if the page does not have it yet.
     */
    public static List<String> axeViolations(ChromeDriver page, String axe, String state) {
        if (Boolean.FALSE.equals(script(page, "return typeof axe !== 'undefined'"))) {
            script(page, axe);
        }
        Object found = page.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations"
                + "  .filter(v => v.impact === 'serious' || v.impact === 'critical')"
                + "  .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')"
                + "   + ' ' + (n.failureSummary || '').replace(/\\s+/g, ' ')).join('; '))))"
                + " .catch(e => done(['axe failed: ' + e])); ");
        return ((List<?>) found).stream().map(v -> state + ": " + v).toList();
    }

    /** Loads the page, connects as {@code name} and waits for the welcome. */
    static void connect(WebDriver browser, String url, String name) {
        browser.get(url);
        browser.findElement(By.id("name")).sendKeys(name, Keys.ENTER);
        await(browser, "an open connection", d -> ChatPage.stateOf(d).equals(ChatPage.connectedAs(name)));
    }

    /** Joins a room through the side list (the drawer on a phone, opened first) and waits until it is shown. */
    static void join(WebDriver browser, String room) {
        openDrawerIfClosed(browser);
        browser.findElement(By.id("room")).clear();
        browser.findElement(By.id("room")).sendKeys(room, Keys.ENTER);
        await(browser, "the room " + room, d -> d.findElement(By.id("room-name")).getText().equals("#" + room));
    }

    static void openDrawerIfClosed(WebDriver browser) {
        if (browser.findElement(By.id("drawer-toggle")).isDisplayed()
                && !browser.findElement(By.id("room")).isDisplayed()) {
            browser.findElement(By.id("drawer-toggle")).click();
            await(browser, "the drawer open", d -> d.findElement(By.id("room")).isDisplayed());
        }
    }

    static void say(WebDriver browser, String text) {
        ChatPage.say(browser, text);
    }

    /** The log's lines without their times. */
    static List<String> logTexts(WebDriver browser) {
        return texts(browser, "#log li > span");
    }

    /** The texts of the elements matching {@code css}, read in one go in the page (no element can go stale). */
    static List<String> texts(WebDriver browser, String css) {
        Object texts = script(browser, "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent)",
                css);
        return ((List<?>) texts).stream().map(String::valueOf).toList();
    }

    static Object script(WebDriver browser, String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    static void await(WebDriver browser, String what, Predicate<WebDriver> condition) {
        new WebDriverWait(browser, WAIT).withMessage(() -> what + "; the page's state: " + script(browser,
                        "return document.getElementById('state').textContent")).ignoring(
                        StaleElementReferenceException.class).until(condition::test);
    }

    /** Saves a screenshot as target/screenshots/{@code name}.png (the test output people look at). */
    public static Path screenshot(ChromeDriver browser, String name) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        Path file = dir.resolve(name + ".png");
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }
}
