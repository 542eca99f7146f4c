package dev.parley.chat;

import static dev.parley.chat.PageBrowsers.await;
import static dev.parley.chat.PageBrowsers.connect;
import static dev.parley.chat.PageBrowsers.join;
import static dev.parley.chat.PageBrowsers.logTexts;
import static dev.parley.chat.PageBrowsers.screenshot;
import static dev.parley.chat.PageBrowsers.script;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

import dev.parley.chat.PageBrowsers.Screen;
import dev.parley.server.RunningServer;

/**
 * Issue 17: "typing…" on the chat page in Chromium at a phone's width. Another member's typing event shows "… is
 * typing…" in a polite live region under the log, which clears by itself a few seconds later or at once when
 * their message comes; typing in the message box sends the room a typing event, not one per keystroke.
 */
class PageTypingIT {
    @RegisterExtension
    static final RunningServer server = new RunningServer();

    @RegisterExtension
    final PageBrowsers browsers = new PageBrowsers();

    private static String typingLine(ChromeDriver page) {
        return page.findElement(By.id("typing")).getText();
    }

    @Test
    void othersTypingIsShownForAWhileAndOursIsSentOnce() throws Exception {
        ChromeDriver pat = browsers.open("pat-typing", Screen.PHONE, false);
        connect(pat, server.http("/").toString(), "pat-t");
        join(pat, "typing");
        try (ChatClient bob = ChatClient.connect(server.ws("/chat?name=bob-t"))) {
            bob.ok("{\"type\":\"join\",\"room\":\"typing\"}");
            await(pat, "bob here", d -> logTexts(d).contains("bob-t joined"));
            assertEquals("polite", pat.findElement(By.id("typing")).getAttribute("aria-live"));

            assertTrue(bob.ok("{\"type\":\"typing\",\"room\":\"typing\"}").getBoolean("sent"));
            await(pat, "bob shown typing", d -> typingLine((ChromeDriver) d).equals("bob-t is typing…"));
            PageLayoutIT.composerInView(pat);
            screenshot(pat, "typing-phone");
            await(pat, "the line cleared by itself", d -> typingLine((ChromeDriver) d).isEmpty());

            assertTrue(bob.ok("{\"type\":\"typing\",\"room\":\"typing\"}").getBoolean("sent")); // 6 s later
            await(pat, "bob typing again", d -> typingLine((ChromeDriver) d).equals("bob-t is typing…"));
            bob.ok("{\"type\":\"say\",\"room\":\"typing\",\"text\":\"done typing\"}");
            await(pat, "his message clears it at once", d -> logTexts(d).contains("bob-t: done typing")
                    && typingLine((ChromeDriver) d).isEmpty());

            script(pat, "window.typingSent = []; const socket = chat.socket; const send = socket.send.bind(socket);"
                    + "socket.send = (data) => { if (JSON.parse(data).type === 'typing') typingSent.push(Date.now());"
                    + " send(data); };");
            pat.findElement(By.id("message")).sendKeys("hello, bob");
            JsonObject typing = PageLayoutIT.nextOf(bob, "typing");
            assertEquals("{\"type\":\"typing\",\"room\":\"typing\",\"user\":\"pat-t\"}", typing.toString());
            List<Long> sent = ((List<?>) script(pat, "return typingSent")).stream()
                    .map(t -> ((Number) t).longValue()).toList();
            assertTrue(!sent.isEmpty(), "typing sent");
            for (int i = 1; i < sent.size(); i++) {
                assertTrue(sent.get(i) - sent.get(i - 1) >= 3000, "at most one per 3 s, not per keystroke: " + sent);
            }
            assertEquals("", typingLine(pat), "pat's own typing is not shown to pat");
        }
    }
}
