package dev.parley.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.parley.chat.ChatClient;
import dev.parley.chat.PageBrowsers;
import dev.parley.server.RunningServer;

/**
 * Issue 17: axe-core (npm, pinned in peers/page/package-lock.json; scripts/ensure-axe.sh installs it) run in Chromium
 * on the admin page, its login form and its dashboard with a room and sessions in it, at 390×844 (a phone) and
 * 1440×900, light and dark: no serious or critical violation. At 390 px nothing but the sessions table's own box
 * scrolls sideways: the page is no wider than the screen, the charts and forms fit. Screenshots:
 * target/screenshots/admin-*.png.
 */
class AdminAccessibilityIT {
    private static final String KEY = "a11y-admin-key-0123456";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final RunningServer server = new RunningServer(config -> config.withChat(
            config.chat().withAdminKey(KEY)));

    @RegisterExtension
    final PageBrowsers browsers = new PageBrowsers();

    private ChromeDriver browser;

    @ParameterizedTest(name = "{0}x{1}, dark {2}")
    @CsvSource({"390, 844, false", "390, 844, true", "1440, 900, false", "1440, 900, true"})
    void noSeriousOrCriticalViolationsAndTheLayoutFits(int width, int height, boolean dark) throws Exception {
        String axe = PageBrowsers.axe();
        String s = width + (dark ? "-dark" : "-light");
        browser = browsers.open(s, width, height, width < 600, dark);
        List<String> violations = new ArrayList<>();

        browser.get(server.http("/admin").toString());
        violations.addAll(PageBrowsers.axeViolations(browser, axe, "the login form"));
        assertFits(width, "the login form");
        PageBrowsers.screenshot(browser, "admin-login-" + s);

        browser.findElement(By.id("key")).sendKeys(KEY);
        browser.findElement(By.cssSelector("#login button[type=submit]")).click();
        try (ChatClient carol = ChatClient.connect(server.ws("/chat?name=carol-long-" + s))) {
            carol.ok("{\"type\":\"join\",\"room\":\"a-room-with-a-rather-long-name-" + s + "\"}");
            await("carol's session and room listed", () -> Boolean.TRUE.equals(browser.executeScript(
                    "return document.querySelector('#sessions tbody tr[data-user=\"carol-long-"
                            + s + "\"]') !== null && document.querySelector('#rooms tbody tr') !== null")));
            assertTrue(!browser.findElement(By.id("login")).isDisplayed(), "the login form hidden once in");
            violations.addAll(PageBrowsers.axeViolations(browser, axe, "the dashboard"));
            assertFits(width, "the dashboard");
            PageBrowsers.screenshot(browser, "admin-dashboard-" + s);
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

    private void await(String what, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, WAIT).withMessage(what).ignoring(StaleElementReferenceException.class)
                .until(page -> condition.getAsBoolean());
    }
}
