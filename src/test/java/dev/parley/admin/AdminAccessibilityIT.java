package dev.parley.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.parley.chat.ChatClient;
import dev.parley.server.RunningServer;

/**
 * Issue 17: axe-core (npm, pinned in peers/page/package-lock.json; scripts/ensure-axe.sh installs it) run in Chromium
 * on the admin page, its login form and its dashboard with a room and sessions in it, at 390×844 (a phone) and
 * 1440×900, light and dark: no serious or critical violation. At 390 px nothing but the sessions table's own box
 * scrolls sideways: the page is no wider than the screen, the charts and forms fit. Screenshots:
 * target/screenshots/admin-*.png.
 */
class AdminAccessibilityIT {
    private static final Path AXE = Path.of("peers", "page", "node_modules", "axe-core", "axe.min.js");
    private static final String KEY = "a11y-admin-key-0123456";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final RunningServer server = new RunningServer(config -> config.withChat(
            config.chat().withAdminKey(KEY)));

    @TempDir
    Path profiles;

    private ChromeDriver browser;

    @AfterEach
    void quit() {
        if (browser != null) {
            browser.quit();
        }
    }

    @ParameterizedTest(name = "{0}x{1}, dark {2}")
    @CsvSource({"390, 844, false", "390, 844, true", "1440, 900, false", "1440, 900, true"})
    void noSeriousOrCriticalViolationsAndTheLayoutFits(int width, int height, boolean dark) throws Exception {
        assertTrue(Files.isRegularFile(AXE), AXE + " is missing: run scripts/ensure-axe.sh");
        String axe = Files.readString(AXE);
        String s = width + (dark ? "-dark" : "-light");
        browser = open(s, width, height, dark);
        List<String> violations = new ArrayList<>();

        browser.get(server.http("/admin").toString());
        violations.addAll(check(axe, "the login form"));
        assertFits(width, "the login form");
        screenshot("admin-login-" + s);

        browser.findElement(By.id("key")).sendKeys(KEY);
        browser.findElement(By.cssSelector("#login button[type=submit]")).click();
        try (ChatClient carol = ChatClient.connect(server.ws("/chat?name=carol-long-" + s))) {
            carol.ok("{\"type\":\"join\",\"room\":\"a-room-with-a-rather-long-name-" + s + "\"}");
            await("carol's session and room listed", () -> Boolean.TRUE.equals(browser.executeScript(
                    "return document.querySelector('#sessions tbody tr[data-user=\"carol-long-"
                            + s + "\"]') !== null && document.querySelector('#rooms tbody tr') !== null")));
            assertTrue(!browser.findElement(By.id("login")).isDisplayed(), "the login form hidden once in");
            violations.addAll(check(axe, "the dashboard"));
            assertFits(width, "the dashboard");
            screenshot("admin-dashboard-" + s);
        }
        assertEquals(List.of(), violations, "serious or critical axe violations");
    }

    /** No sideways page scroll; every chart, form and table box within the screen's width. */
    private void assertFits(int width, String state) {
        Object overflow = browser.executeScript("const w = document.documentElement.clientWidth;"
                + " const wide = [...document.querySelectorAll('body *')]"
                + "  .filter(e => e.offsetParent !== null && !(e.parentElement && e.parentElement.closest('.scroll'))"
                + "   && e.getBoundingClientRect().right > w + 0.5)"
                + "  .map(e => (e.id || e.className || e.tagName) + ' ' + Math.round(e.getBoundingClientRect().right));"
                + " return [document.documentElement.scrollWidth, w, wide.join(', ')]");
        List<?> measured = (List<?>) overflow;
        long scrollWidth = ((Number) measured.get(0)).longValue();
        long clientWidth = ((Number) measured.get(1)).longValue();
        assertTrue(clientWidth <= width && clientWidth >= width - 20, state + ": the viewport " + clientWidth);
        assertEquals("", measured.get(2), state + ": boxes past the right edge");
        assertTrue(scrollWidth <= clientWidth, state + ": the page is " + scrollWidth + " px wide at " + width);
    }

    /** axe-core's serious and critical violations on the page as it is now, one line each. */
    private List<String> check(String axe, String state) {
        if (Boolean.FALSE.equals(browser.executeScript("return typeof axe !== 'undefined'"))) {
            browser.executeScript(axe);
        }
        Object found = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations"
                + "  .filter(v => v.impact === 'serious' || v.impact === 'critical')"
                + "  .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')"
                + "   + ' ' + (n.failureSummary || '').replace(/\\s+/g, ' ')).join('; '))))"
                + " .catch(e => done(['axe failed: ' + e]))");
        return ((List<?>) found).stream().map(v -> state + ": " + v).toList();
    }

    private ChromeDriver open(String name, int width, int height, boolean dark) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=" + width + "," + height,
                "--user-data-dir=" + profiles.resolve(name));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", width < 600));
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", dark ? "dark" : "light"))));
        return driver;
    }

    private void screenshot(String name) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), dir.resolve(name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    private void await(String what, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, WAIT).withMessage(what).ignoring(StaleElementReferenceException.class)
                .until(page -> condition.getAsBoolean());
    }
}
