package dev.parley.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.parley.chat.ChatClient;
import dev.parley.chat.PageBrowsers;
import dev.parley.server.RunningServer;

/**
 * The admin page in Chromium (Selenium), against a real server and real chat clients: logged in with the key, it
 * shows a room and its sessions as clients join, publishes into the room (a client receives it), and closes a
 * session (the client gets the code and reason). A wrong key is refused with a message and the login form back.
 */
class AdminBrowserIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String KEY = "browser-admin-key-0123";

    @RegisterExtension
    static final RunningServer server = new RunningServer(config -> config.withChat(
            config.chat().withAdminKey(KEY)));

    @RegisterExtension
    final PageBrowsers browsers = new PageBrowsers();

    private static void login(WebDriver admin, String key) {
        admin.get(server.http("/admin").toString());
        admin.findElement(By.id("key")).sendKeys(key);
        admin.findElement(By.cssSelector("#login button[type=submit]")).click();
    }

    @Test
    void roomsAndSessionsShowLiveAndThePagePublishesAndCloses() throws Exception {
        WebDriver admin = browsers.open("admin", 1280, 900, false, false);
        login(admin, KEY);
        await(admin, "the page polls", page -> page.findElement(By.id("status")).getText().startsWith("Live"));
        try (ChatClient carol = ChatClient.connect(server.ws("/chat?name=carol"));
             ChatClient dave = ChatClient.connect(server.ws("/chat?name=dave"))) {
            carol.ok("{\"type\":\"join\",\"room\":\"lobby\"}");
            await(admin, "lobby with 1 member", page -> cells(page, "#rooms tbody tr[data-room=lobby] td")
                    .equals(List.of("lobby", "1", "carol")));
            await(admin, "carol's session", page -> !cells(page, "#sessions tbody tr[data-user=carol] td").isEmpty());
            dave.ok("{\"type\":\"join\",\"room\":\"lobby\"}");
            await(admin, "lobby with 2 members", page -> cells(page, "#rooms tbody tr[data-room=lobby] td")
                    .equals(List.of("lobby", "2", "carol, dave")));
            List<String> daveRow = cells(admin, "#sessions tbody tr[data-user=dave] td");
            assertEquals(List.of("dave", "127.0.0.1", "/chat", "websocket"), daveRow.subList(1, 5), daveRow.toString());
            assertEquals("lobby", daveRow.get(7));

            admin.findElement(By.id("publish-room")).sendKeys("lobby");
            admin.findElement(By.id("publish-text")).sendKeys("<b>hello</b> from the page");
            admin.findElement(By.id("publish-send")).click();
            JsonObject message = nextMessage(carol);
            assertEquals("<b>hello</b> from the page", message.getString("text"));
            assertEquals("admin", message.getString("from"));
            await(admin, "the publish confirmed", page -> page.findElement(By.id("status")).getText()
                    .startsWith("Published into lobby"));

            // The table is drawn again at every poll: a button found just before may be gone; click the current one
            await(admin, "dave's Close button clicked", page -> {
                page.findElement(By.cssSelector("#sessions tbody tr[data-user=dave] button.close-session")).click();
                return true;
            });
            assertEquals(daveRow.get(0), admin.findElement(By.id("close-session")).getAttribute("value"));
            WebElement code = admin.findElement(By.id("close-code"));
            code.clear();
            code.sendKeys("4002");
            WebElement reason = admin.findElement(By.id("close-reason"));
            reason.clear();
            reason.sendKeys("see you, dave");
            admin.findElement(By.id("close-send")).click();
            CloseReason closed = dave.awaitClose();
            assertEquals(4002, closed.getCloseCode().getCode());
            assertEquals("see you, dave", closed.getReasonPhrase());
            await(admin, "dave gone", page -> cells(page, "#sessions tbody tr[data-user=dave] td").isEmpty()
                    && cells(page, "#rooms tbody tr[data-room=lobby] td").equals(List.of("lobby", "1", "carol")));
            await(admin, "the close counted", page -> texts(page, "#closes li").contains("4002: 1")
                    || texts(page, "#closes li").contains("other: 1"));
            Path shot = ((ChromeDriver) admin).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, Path.of("target", "admin-browser.png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void aWrongKeyIsRefusedAndTheFormComesBack() throws Exception {
        WebDriver admin = browsers.open("wrong", 1280, 900, false, false);
        login(admin, "not-the-admin-key-at-all");
        await(admin, "the refusal", page -> page.findElement(By.id("status")).getText()
                .equals("the admin key is wrong"));
        assertTrue(admin.findElement(By.id("login")).isDisplayed());
        assertTrue(!admin.findElement(By.id("dashboard")).isDisplayed());
        assertEquals("", admin.findElement(By.id("key")).getAttribute("value"));
    }

    /** The next chat message, past presence events. */
    private static JsonObject nextMessage(ChatClient client) throws InterruptedException {
        for (int i = 0; i < 20; i++) {
            JsonObject frame = client.next();
            if (frame.getString("type").equals("message")) {
                return frame;
            }
        }
        throw new AssertionError("no message in 20 frames");
    }

    private static List<String> cells(WebDriver browser, String css) {
        return texts(browser, css);
    }

    /** The texts of the elements matching {@code css}, read in one go in the page (no element can go stale). */
    private static List<String> texts(WebDriver browser, String css) {
        Object texts = ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent)", css);
        return ((List<?>) texts).stream().map(String::valueOf).toList();
    }

    private static void await(WebDriver browser, String what, Predicate<WebDriver> condition) {
        new WebDriverWait(browser, WAIT).withMessage(what).ignoring(StaleElementReferenceException.class)
                .until(condition::test);
    }
}
