package dev.parley.chat;

import static dev.parley.chat.PageBrowsers.await;
import static dev.parley.chat.PageBrowsers.connect;
import static dev.parley.chat.PageBrowsers.join;
import static dev.parley.chat.PageBrowsers.logTexts;
import static dev.parley.chat.PageBrowsers.openDrawerIfClosed;
import static dev.parley.chat.PageBrowsers.say;
import static dev.parley.chat.PageBrowsers.script;
import static dev.parley.chat.PageBrowsers.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;

import dev.parley.chat.PageBrowsers.Screen;
import dev.parley.server.RunningServer;

/**
 * Issue 17: the chat page at a phone's width (390×844) and a desktop's (1440×900) in Chromium. The composer is in
 * view without scrolling, a phone user switches and leaves rooms through the drawer, unread counts and the tab
 * title follow what arrives elsewhere, switching shows the newest message under a "new messages" line, and a
 * whisper stays in its own conversation.
 */
class PageLayoutIT {
    @RegisterExtension
    static final RunningServer server = new RunningServer();

    @RegisterExtension
    final PageBrowsers browsers = new PageBrowsers();

    @ParameterizedTest
    @EnumSource(Screen.class)
    void theComposerStaysInViewAndAUserSwitchesRoomsSeesUnreadCountsAndLeaves(Screen screen) throws Exception {
        String s = screen.name().toLowerCase();
        String first = "first-" + s;
        String second = "second-" + s;
        ChromeDriver pat = browsers.open("pat-" + s, screen, false);
        connect(pat, server.http("/").toString(), "pat-" + s);
        composerInView(pat);
        join(pat, first);
        composerInView(pat);
        join(pat, second);
        assertEquals(screen == Screen.PHONE, pat.findElement(By.id("drawer-toggle")).isDisplayed(),
                "the rooms are a drawer on a phone only");
        assertEquals(screen == Screen.DESKTOP, pat.findElement(By.id("rooms")).isDisplayed(),
                "closed on a phone once a room is chosen, always shown on a desktop");

        try (ChatClient writer = ChatClient.connect(server.ws("/chat?name=writer-" + s))) {
            writer.ok("{\"type\":\"join\",\"room\":\"" + first + "\"}");
            for (int n = 1; n <= 30; n++) {
                writer.ok("{\"type\":\"say\",\"room\":\"" + first + "\",\"text\":\"line " + n + "\"}");
            }
            await(pat, "30 unread in " + first, d -> "30".equals(badge(d, "#" + first)));
            await(pat, "the count in the tab title", d -> d.getTitle().equals("(30) Parley"));
            if (screen == Screen.PHONE) {
                assertEquals("30", pat.findElement(By.id("drawer-badge")).getText(), "the drawer button's count");
            }
            assertFalse(logTexts(pat).contains("writer-" + s + ": line 1"), "not in the room on screen");
            composerInView(pat);

            openDrawerIfClosed(pat);
            roomButton(pat, "#" + first).click();
            await(pat, "the first room shown", d -> d.findElement(By.id("room-name")).getText().equals("#" + first));
            assertEquals("Parley", pat.getTitle(), "read: no count in the title");
            assertEquals("", badge(pat, "#" + first));
            List<String> log = texts(pat, "#log li");
            int divider = log.indexOf("new messages");
            assertTrue(divider >= 0 && log.get(divider + 1).endsWith("writer-" + s + ": line 1"),
                    "the divider before the first unread message: " + log);
            await(pat, "scrolled to the newest message", d -> ((Number) script(d, "const log = "
                    + "document.getElementById('log'); const last = log.lastElementChild.getBoundingClientRect();"
                    + "return last.bottom - log.getBoundingClientRect().bottom")).doubleValue() <= 1);
            assertTrue(logTexts(pat).get(logTexts(pat).size() - 1).endsWith("line 30"));
            assertFalse(pat.findElement(By.id("room")).isDisplayed() && screen == Screen.PHONE,
                    "the drawer closes once a room is chosen");
            composerInView(pat);

            assertTrue(pat.findElement(By.id("leave")).isDisplayed(), "Leave on screen");
            pat.findElement(By.id("leave")).click();
            await(pat, "back in the other room", d -> d.findElement(By.id("room-name")).getText()
                    .equals("#" + second));
            assertEquals(List.of("#" + second), roomLabels(pat));
            JsonObject left = nextOf(writer, "presence");
            assertEquals("leave", left.getString("event"));
            assertEquals("pat-" + s, left.getString("user"));
            composerInView(pat);
        }
    }

    @ParameterizedTest
    @EnumSource(Screen.class)
    void aWhisperStaysInItsOwnConversation(Screen screen) throws Exception {
        String s = screen.name().toLowerCase();
        String room = "talk-" + s;
        ChromeDriver pat = browsers.open("pat-w-" + s, screen, false);
        connect(pat, server.http("/").toString(), "patw-" + s);
        join(pat, room);
        try (ChatClient bob = ChatClient.connect(server.ws("/chat?name=bobw-" + s))) {
            bob.ok("{\"type\":\"join\",\"room\":\"" + room + "\"}");
            bob.ok("{\"type\":\"whisper\",\"to\":\"patw-" + s + "\",\"text\":\"psst\"}");
            await(pat, "a whisper conversation with one unread", d -> "1".equals(badge(d, "@bobw-" + s)));
            assertEquals("(1) Parley", pat.getTitle());
            assertFalse(logTexts(pat).contains("bobw-" + s + ": psst"), "not in the open room");

            openDrawerIfClosed(pat);
            roomButton(pat, "@bobw-" + s).click();
            await(pat, "the whisper", d -> logTexts(d).contains("bobw-" + s + ": psst"));
            assertEquals("@bobw-" + s, pat.findElement(By.id("room-name")).getText());
            assertEquals("button", pat.findElement(By.id("whisper-to")).getTagName(), "the whisper chip is a button");
            say(pat, "hi back");
            JsonObject whisper = nextOf(bob, "whisper");
            assertEquals("patw-" + s, whisper.getString("from"));
            assertEquals("hi back", whisper.getString("text"));
            await(pat, "the answer confirmed", d -> !d.findElements(By.cssSelector("#log li.whisper.mine.confirmed"))
                    .isEmpty());

            pat.findElement(By.id("message")).sendKeys(Keys.ESCAPE);
            await(pat, "Escape leaves whisper mode", d -> d.findElement(By.id("room-name")).getText()
                    .equals("#" + room));
            assertFalse(logTexts(pat).stream().anyMatch(l -> l.contains("psst") || l.contains("hi back")),
                    "the room shows no whisper: " + logTexts(pat));
            assertFalse(pat.findElement(By.id("whisper-to")).isDisplayed());

            openDrawerIfClosed(pat);
            roomButton(pat, "@bobw-" + s).click();
            await(pat, "the conversation kept across switches", d -> logTexts(d).containsAll(List.of(
                    "bobw-" + s + ": psst", "patw-" + s + ": hi back")));
        }
    }

    /** The composer (message box and Send) is in the viewport and the page itself does not scroll. */
    static void composerInView(WebDriver browser) {
        List<?> box = (List<?>) script(browser, "const m = document.getElementById('message').getBoundingClientRect();"
                + "const s = document.getElementById('send').getBoundingClientRect();"
                + "return [m.top, Math.max(m.bottom, s.bottom), Math.min(m.left, s.left), Math.max(m.right, s.right),"
                + " innerHeight, innerWidth, document.scrollingElement.scrollHeight]");
        double top = ((Number) box.get(0)).doubleValue();
        double bottom = ((Number) box.get(1)).doubleValue();
        double left = ((Number) box.get(2)).doubleValue();
        double right = ((Number) box.get(3)).doubleValue();
        double height = ((Number) box.get(4)).doubleValue();
        double width = ((Number) box.get(5)).doubleValue();
        assertTrue(top >= 0 && bottom <= height && left >= 0 && right <= width, "composer in view: " + box);
        assertTrue(((Number) box.get(6)).doubleValue() <= height, "the page does not scroll: " + box);
    }

    /** The unread badge of the side list's button labelled {@code label}: "" when none, null without the button. */
    static String badge(WebDriver browser, String label) {
        return (String) script(browser, "for (const b of document.querySelectorAll('#sidebar li button')) {"
                + " if (b.firstChild.textContent === arguments[0]) {"
                + "  const badge = b.querySelector('.badge'); return badge.hidden ? '' : badge.textContent; } }"
                + " return null;", label);
    }

    static org.openqa.selenium.WebElement roomButton(WebDriver browser, String label) {
        return browser.findElement(By.xpath("//nav[@id='sidebar']//li/button[span[1][text()='" + label + "']]"));
    }

    static List<String> roomLabels(WebDriver browser) {
        return texts(browser, "#rooms li button > span:first-child");
    }

    /** The next frame of {@code type}, passing over others (at most 200). */
    static JsonObject nextOf(ChatClient client, String type) throws Exception {
        for (int n = 0; n < 200; n++) {
            JsonObject frame = client.next();
            if (frame.getString("type").equals(type)) {
                return frame;
            }
        }
        throw new AssertionError("no " + type + " in 200 frames");
    }
}
