package dev.recoup.support;

import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium driven by Playwright (the machine has no Playwright browser download). The
 * flags keep Chromium off the closed network. Screenshots go to target/screenshots to be looked at.
 */
public final class Browser implements AutoCloseable {

  public static final Path SCREENSHOTS = Paths.get("target", "screenshots");

  private final Playwright playwright;
  private final com.microsoft.playwright.Browser browser;

  public Browser() {
    playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser =
        playwright
            .chromium()
            .launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(chromium())
                    .setArgs(
                        List.of(
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-quic",
                            "--no-first-run",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync")));
  }

  private static Path chromium() {
    String configured = System.getenv("RECOUP_CHROMIUM");
    if (configured != null && !configured.isBlank()) {
      return Paths.get(configured);
    }
    for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      if (Files.isExecutable(Paths.get(candidate))) {
        return Paths.get(candidate);
      }
    }
    throw new IllegalStateException(
        "Chromium not found: install it (apt-get install chromium) or set RECOUP_CHROMIUM");
  }

  public Page newPage() {
    return browser.newContext(new NewContextOptions().setViewportSize(1400, 1000)).newPage();
  }

  /** The whole page, top to bottom. */
  public static void screenshot(Page page, String name) {
    page.screenshot(
        new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
  }

  /** What the person sees without scrolling. */
  public static void screenshotViewport(Page page, String name) {
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")));
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }
}
