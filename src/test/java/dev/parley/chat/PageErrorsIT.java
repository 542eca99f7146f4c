package dev.parley.chat;

import static dev.parley.chat.PageBrowsers.await;
import static dev.parley.chat.PageBrowsers.connect;
import static dev.parley.chat.PageBrowsers.join;
import static dev.parley.chat.PageBrowsers.logTexts;
import static dev.parley.chat.PageBrowsers.say;
import static dev.parley.chat.PageBrowsers.screenshot;
import static dev.parley.chat.PageBrowsers.script;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import dev.parley.chat.PageBrowsers.Screen;
import dev.parley.server.Config;
import dev.parley.server.ParleyServer;
import dev.parley.server.RunningServer;

/**
 * Issue 17: what the page says when something goes wrong, and the way on it offers. A refused name returns to the
 * name form with the reason; a stopped server shows that it cannot be reached (Join and Send disabled) and the page
 * comes back by itself when the server does; a message the rate limit refuses or never answers is marked failed
 * with a Retry that sends it; links are clickable only for http(s).
 */
class PageErrorsIT {
    /**
     * A rate of 1 message a second, burst 10: of 12 messages sent at once after a join and its history, the first
     * refused is answered rate_limited and the others refused are never answered (docs/protocol.md).
     */
    @RegisterExtension
    static final RunningServer server = new RunningServer(config -> config.withChat(config.chat().withRate(1, 10)));

    @RegisterExtension
    final PageBrowsers browsers = new PageBrowsers();

    @ParameterizedTest
    @EnumSource(Screen.class)
    void aRefusedNameShowsItsReasonAndReturnsToTheNameForm(Screen screen) throws Exception {
        String s = screen.name().toLowerCase();
        ChromeDriver page = browsers.open("refused-" + s, screen, false);
        page.get(server.http("/").toString());
        page.findElement(By.id("name")).sendKeys(Keys.ENTER); // no name, no token cookie
        await(page, "the reason on the name form", d -> d.findElement(By.id("login-error")).isDisplayed());
        assertEquals("Enter a name to join. Names are 1–32 letters, digits, “_”, “-” or “.”.",
                page.findElement(By.id("login-error")).getText());
        assertTrue(page.findElement(By.id("name")).isDisplayed() && !page.findElement(By.id("chat")).isDisplayed());
        assertEquals(Boolean.TRUE, script(page, "return chat.socket === null"), "no reconnecting: nothing is retried");
        assertEquals("name", page.switchTo().activeElement().getAttribute("id"), "the focus back on the name");

        try (ChatClient holder = ChatClient.connect(server.ws("/chat?name=taken-" + s))) {
            page.findElement(By.id("name")).sendKeys("taken-" + s, Keys.ENTER);
            await(page, "the name taken", d -> d.findElement(By.id("login-error")).getText().startsWith(
                    "The name “taken-" + s + "” is in use by someone connected now. Choose another name"));
            assertTrue(page.findElement(By.id("login")).isDisplayed());
            assertEquals("Not connected. The name “taken-" + s + "” is in use by someone connected now.",
                    ChatPage.stateOf(page));
            screenshot(page, "refused-name-" + s);
            holder.ok("{\"type\":\"join\",\"room\":\"still-" + s + "\"}"); // the holder is unharmed

            page.findElement(By.id("name")).clear();
            page.findElement(By.id("name")).sendKeys("fresh-" + s, Keys.ENTER);
            await(page, "another name welcomed", d -> ChatPage.stateOf(d).equals("Connected as fresh-" + s));
            assertTrue(!page.findElement(By.id("login-error")).isDisplayed());
        }
    }

    @ParameterizedTest
    @EnumSource(Screen.class)
    void aStoppedServerIsShownAndThePageRecoversWhenItIsBack(Screen screen) throws Exception {
        String s = screen.name().toLowerCase();
        int port = freePort();
        Config config = Config.defaults().withPort(port);
        ParleyServer first = ParleyServer.start(config);
        ParleyServer second = null;
        try {
            ChromeDriver page = browsers.open("down-" + s, screen, false);
            connect(page, "http://127.0.0.1:" + port + "/", "ivy-" + s);
            join(page, "steady");
            first.stop();
            // One look at the whole state, between two reconnect attempts (each turns it to "Connecting…" a while)
            await(page, "the server shown as unreachable, Retry now offered, Join and Send disabled",
                    d -> d.findElement(By.id("state")).getText()
                            .startsWith("Can't reach the server: it may be down or restarting. Reconnecting in ")
                            && d.findElement(By.id("state")).getAttribute("class").contains("down")
                            && d.findElement(By.id("retry")).isDisplayed()
                            && Stream.of("join-button", "message", "send")
                                    .noneMatch(control -> d.findElement(By.id(control)).isEnabled()));
            screenshot(page, "server-down-" + s);

            second = ParleyServer.start(config);
            await(page, "back by itself", d -> ChatPage.stateOf(d).equals("Connected as ivy-" + s)
                    && d.findElement(By.id("message")).isEnabled());
            assertTrue(page.findElement(By.id("join-button")).isEnabled());
            assertTrue(!page.findElement(By.id("retry")).isDisplayed());
            say(page, "back again");
            await(page, "the room works again", d -> !d.findElements(By.cssSelector("#log li.mine.confirmed"))
                    .isEmpty() && logTexts(d).contains("ivy-" + s + ": back again"));
        } finally {
            first.stop();
            if (second != null) {
                second.stop();
            }
        }
    }

    @Test
    void aRefusedOrUnansweredMessageIsMarkedFailedWithARetryThatSendsIt() throws Exception {
        ChromeDriver page = browsers.open("rate", Screen.PHONE, false);
        connect(page, server.http("/").toString(), "quick");
        join(page, "fast");
        await(page, "the room's history asked", d -> d.findElement(By.id("message")).isEnabled());
        script(page, "const form = document.getElementById('compose');"
                + " for (let n = 1; n <= 12; n++) { document.getElementById('message').value = 'burst ' + n;"
                + " form.requestSubmit(); }"); // at once: the join and its history took 2 of the 10 tokens
        await(page, "the refused one marked failed with the reason", d -> failedReasons(d).contains(
                "Not sent: you are sending too fast. Wait a moment, then retry."));
        await(page, "the unanswered ones marked failed after their deadline", d -> failedReasons(d).contains(
                "No answer from the server: not sent.") && d.findElements(By.cssSelector("#log li.pending")).isEmpty());
        int failed = page.findElements(By.cssSelector("#log li.failed .retry")).size();
        int sent = page.findElements(By.cssSelector("#log li.mine.confirmed")).size();
        assertEquals(12, failed + sent, "each message either sent or failed with a retry");
        assertEquals(1, failedReasons(page).stream().filter(r -> r.contains("too fast")).count());
        List<String> order = PageBrowsers.texts(page, "#log li.mine > span");
        assertEquals(order.subList(sent, order.size()).stream().sorted().toList(),
                failedTexts(page).stream().sorted().toList(),
                "the failed ones where they were sent, after those the room took: " + order);
        screenshot(page, "failed-messages-phone");

        WebElement retry = page.findElement(By.cssSelector("#log li.failed .retry"));
        retry.click();
        await(page, "the retried message sent", d -> d.findElements(By.cssSelector("#log li.failed")).size()
                == failed - 1 && d.findElements(By.cssSelector("#log li.mine.confirmed")).size() == sent + 1);
    }

    /** The XSS test for links: only http: and https: become anchors, made with DOM APIs; nothing else runs. */
    @Test
    void onlyHttpLinksAreClickable() throws Exception {
        ChromeDriver page = browsers.open("links", Screen.DESKTOP, false);
        connect(page, server.http("/").toString(), "linker");
        join(page, "links");
        try (ChatClient mallory = ChatClient.connect(server.ws("/chat?name=mallory"))) {
            mallory.ok("{\"type\":\"join\",\"room\":\"links\"}");
            for (String text : List.of("docs at https://example.com/docs?a=1&b=2.",
                    "javascript:alert(document.domain)", "data:text/html,<script>alert(1)</script>",
                    "JaVaScRiPt:alert(1)//http://evil", "https://example.com/\"><img src=x onerror=alert(1)>")) {
                mallory.ok("{\"type\":\"say\",\"room\":\"links\",\"text\":" + jakarta.json.Json.createValue(text)
                        + "}");
            }
            await(page, "the last message", d -> logTexts(d).stream().anyMatch(l -> l.contains("onerror")));
        }
        List<?> links = (List<?>) script(page, "return [...document.querySelectorAll('#log a')]"
                + ".map(a => [a.getAttribute('href'), a.textContent, a.rel, a.target].join(' '))");
        assertEquals(List.of(
                "https://example.com/docs?a=1&b=2 https://example.com/docs?a=1&b=2 noopener noreferrer nofollow _blank",
                "http://evil/ http://evil noopener noreferrer nofollow _blank",
                "https://example.com/ https://example.com/ noopener noreferrer nofollow _blank"), links);
        assertTrue(logTexts(page).contains("mallory: javascript:alert(document.domain)"));
        assertTrue(logTexts(page).contains("mallory: data:text/html,<script>alert(1)</script>"));
        assertEquals(0, page.findElements(By.cssSelector("#log img, #log script")).size(), "no element from text");
        page.findElement(By.linkText("https://example.com/docs?a=1&b=2")); // a real, focusable link
        assertThrows(NoAlertPresentException.class, () -> page.switchTo().alert());
    }

    private static List<String> failedTexts(WebDriver page) {
        return PageBrowsers.texts(page, "#log li.failed > span");
    }

    private static List<String> failedReasons(WebDriver page) {
        return PageBrowsers.texts(page, "#log li.failed .why");
    }

    private static int freePort() {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return free.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
