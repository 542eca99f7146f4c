package dev.parley.chat;

import static dev.parley.chat.PageBrowsers.await;
import static dev.parley.chat.PageBrowsers.connect;
import static dev.parley.chat.PageBrowsers.join;
import static dev.parley.chat.PageBrowsers.openDrawerIfClosed;
import static dev.parley.chat.PageBrowsers.screenshot;
import static dev.parley.chat.PageBrowsers.script;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

import dev.parley.chat.PageBrowsers.Screen;
import dev.parley.server.RunningServer;

/**
 * Issue 17: axe-core (npm, pinned in peers/page/package-lock.json; scripts/ensure-axe.sh installs it) run inside
 * Chromium on the chat page in each of its states (name form, a refusal, a room with messages, a whisper, unread
 * counts, the phone's drawer), at both widths and in both colour schemes: no serious or critical violation (colour
 * contrast among them). Also: the controls are reached with Tab and show their focus, the active room and new
 * messages are announced through a small live region, not the log. Screenshots: target/screenshots/.
 */
class PageAccessibilityIT {

    @RegisterExtension
    static final RunningServer server = new RunningServer();

    @RegisterExtension
    final PageBrowsers browsers = new PageBrowsers();

    static Stream<Arguments> screensAndThemes() {
        return Stream.of(Screen.values()).flatMap(s -> Stream.of(Arguments.of(s, false), Arguments.of(s, true)));
    }

    @ParameterizedTest(name = "{0}, dark {1}")
    @MethodSource("screensAndThemes")
    void noSeriousOrCriticalViolationsInAnyState(Screen screen, boolean dark) throws Exception {
        String axe = PageBrowsers.axe();
        String s = screen.name().toLowerCase() + (dark ? "-dark" : "-light");
        List<String> violations = new ArrayList<>();
        ChromeDriver page = browsers.open("a11y-" + s, screen, dark);

        page.get(server.http("/").toString());
        page.findElement(By.id("name")).sendKeys(Keys.ENTER); // refused: the form with its reason
        await(page, "the refusal", d -> d.findElement(By.id("login-error")).isDisplayed());
        violations.addAll(PageBrowsers.axeViolations(page, axe, "name form with a refusal"));
        screenshot(page, "name-form-" + s);

        String me = "ada-" + s;
        connect(page, server.http("/").toString(), me);
        String room = "a11y-" + s;
        join(page, room);
        assertEquals("#" + room + ", 1 here", announced(page), "the active room announced");
        try (ChatClient ben = ChatClient.connect(server.ws("/chat?name=ben-" + s))) {
            ben.ok("{\"type\":\"join\",\"room\":\"" + room + "\"}");
            ben.ok("{\"type\":\"say\",\"room\":\"" + room + "\",\"text\":\"hello, see https://example.com/\"}");
            await(page, "ben's message announced, alone", d -> announced(d).equals(
                    "ben-" + s + ": hello, see https://example.com/"));
            PageBrowsers.say(page, "hi ben");
            ben.ok("{\"type\":\"join\",\"room\":\"" + room + "-other\"}");
            ben.ok("{\"type\":\"whisper\",\"to\":\"" + me + "\",\"text\":\"psst\"}");
            await(page, "the whisper counted", d -> "(1) Parley".equals(d.getTitle()));
            assertTrue(page.findElement(By.id("log")).getAttribute("aria-live") == null, "the log is not live");
            violations.addAll(PageBrowsers.axeViolations(page, axe, "a room with messages and an unread whisper"));
            screenshot(page, "room-" + s);

            keyboard(page, screen);

            openDrawerIfClosed(page);
            violations.addAll(PageBrowsers.axeViolations(page, axe, "the side list" + (screen == Screen.PHONE ? " as a drawer" : "")));
            screenshot(page, "rooms-" + s);
            page.findElement(By.xpath("//nav[@id='sidebar']//li/button[span[1][text()='@ben-" + s + "']]")).click();
            await(page, "the whisper conversation", d -> d.findElement(By.id("whisper-to")).isDisplayed());
            violations.addAll(PageBrowsers.axeViolations(page, axe, "a whisper conversation"));
            screenshot(page, "whisper-" + s);
        }
        assertEquals(List.of(), violations, "serious or critical axe violations");
    }

    /** Tab from the top reaches the composer and Leave (and the drawer on a phone), each with a visible outline. */
    private static void keyboard(ChromeDriver page, Screen screen) {
        // Tab starts after the focused element: the heading at the top (focusable by script only) is the start.
        script(page, "const top = document.querySelector('h1'); top.tabIndex = -1; top.focus()");
        List<String> reached = new ArrayList<>();
        new Actions(page).sendKeys(Keys.TAB).perform();
        for (int n = 0; n < 40 && !reached.contains("send"); n++) {
            List<?> focus = (List<?>) script(page, "const e = document.activeElement; const style = getComputedStyle(e);"
                    + " return [e.id, style.outlineStyle, style.outlineWidth]");
            reached.add(String.valueOf(focus.get(0)));
            if (!String.valueOf(focus.get(0)).isEmpty()) {
                assertTrue(!"none".equals(focus.get(1)) && !"0px".equals(focus.get(2)),
                        "focus visible on " + focus);
            }
            new Actions(page).sendKeys(Keys.TAB).perform();
        }
        List<String> wanted = new ArrayList<>(List.of("leave", "message", "send"));
        if (screen == Screen.PHONE) {
            wanted.add("drawer-toggle");
        } else {
            wanted.add("room");
        }
        assertTrue(reached.containsAll(wanted), "reached by Tab: " + reached);
    }

    private static String announced(WebDriver page) {
        return page.findElement(By.id("announce")).getAttribute("textContent");
    }
}
