package dev.gatehouse.it;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Function;

import dev.gatehouse.testsupport.OidcBrowser;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium through its packaged ChromeDriver (never a downloaded browser). Screenshots land in
 * target/screenshots. Skips the test, saying why, where Chromium is not installed.
 */
final class Chromium implements AutoCloseable {

    private static final Path BROWSER = Path.of(System.getenv().getOrDefault("GATEHOUSE_CHROMIUM", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getenv().getOrDefault("GATEHOUSE_CHROMEDRIVER", "/usr/bin/chromedriver"));

    private final ChromeDriver driver;

    private Chromium(ChromeDriver driver) {
        this.driver = driver;
    }

    static Chromium startOrSkip() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER),
                "skipped: Chromium not installed (apt-get install -y chromium chromium-driver, or set GATEHOUSE_CHROMIUM/GATEHOUSE_CHROMEDRIVER)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--window-size=1280,900",
                "--user-data-dir=" + Files.createTempDirectory("gatehouse-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
        return new Chromium(new ChromeDriver(service, options));
    }

    WebDriver driver() {
        return driver;
    }

    /** The PKCE verifier of {@link #openDemoApp}: exchange the code with it. */
    static final String VERIFIER = "chromium-verifier-0123456789-0123456789-0123456789";

    /** Opens demo-app's authorization request (code + PKCE S256) in realm demo, as the app would redirect. */
    void openDemoApp(String baseUrl) throws Exception {
        openDemoApp(baseUrl, null);
    }

    /** The same with more request parameters, e.g. {@code acr_values=3} or {@code kc_action=...}. */
    void openDemoApp(String baseUrl, String extraQuery) throws Exception {
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(VERIFIER.getBytes(StandardCharsets.US_ASCII)));
        driver.get(baseUrl + "/realms/demo/protocol/openid-connect/auth?response_type=code&scope=openid&client_id=demo-app"
                + "&redirect_uri=" + URLEncoder.encode(OidcBrowser.REDIRECT_URI, StandardCharsets.UTF_8)
                + "&state=s1&code_challenge_method=S256&code_challenge=" + challenge
                + (extraQuery == null ? "" : "&" + extraQuery));
    }

    /**
     * After a second factor: passes the "Trust this browser" page without ticking the box, if it is shown, as a
     * user who ignores it; waits until the page or the redirect to the client is there.
     */
    void passTrustPage() throws Exception {
        waitFor(d -> !d.findElements(org.openqa.selenium.By.id(OidcBrowser.TRUST_FORM)).isEmpty()
                || d.getCurrentUrl().startsWith(OidcBrowser.REDIRECT_URI));
        if (!driver.findElements(org.openqa.selenium.By.id(OidcBrowser.TRUST_FORM)).isEmpty()) {
            driver.findElement(org.openqa.selenium.By.id("gatehouse-trust-continue")).click();
        }
    }

    /** Waits up to 30 s; on timeout saves a screenshot and the page source, and names the URL it was on. */
    void waitFor(Function<WebDriver, Boolean> condition) throws Exception {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(30)).until(condition::apply);
        } catch (org.openqa.selenium.TimeoutException e) {
            Path shot = screenshot("failure");
            Files.writeString(shot.resolveSibling("failure.html"), driver.getPageSource());
            throw new AssertionError("timed out on " + driver.getCurrentUrl() + " (see " + shot + ")", e);
        }
    }

    Path screenshot(String name) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        Path file = dir.resolve(name + ".png");
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        return file;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
