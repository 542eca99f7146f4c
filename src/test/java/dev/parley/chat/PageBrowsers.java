package dev.parley.chat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The chat page's browsers for the page tests: Debian's Chromium, headless, through the system chromedriver
 * (scripts/ensure-chromium.sh), with the viewport and colour scheme set through the DevTools protocol, so a
 * "phone" is exactly 390×844 CSS pixels. Closes every browser it started.
 */
final class PageBrowsers implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(30);

    /** The two widths the page is checked at. */
    enum Screen {
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

    private final Path profiles;
    private final List<WebDriver> browsers = new ArrayList<>();

    PageBrowsers(Path profiles) {
        this.profiles = profiles;
    }

    ChromeDriver open(String name, Screen screen, boolean dark) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=" + screen.width + "," + screen.height,
                "--user-data-dir=" + profiles.resolve(name));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        browsers.add(driver);
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", screen.width,
                "height", screen.height, "deviceScaleFactor", 1, "mobile", screen.mobile));
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", dark ? "dark" : "light"))));
        return driver;
    }

    @Override
    public void close() {
        browsers.forEach(WebDriver::quit);
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
        browser.findElement(By.id("message")).sendKeys(text, Keys.ENTER);
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
    static Path screenshot(ChromeDriver browser, String name) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        Path file = dir.resolve(name + ".png");
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }
}
