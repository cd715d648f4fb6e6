using Microsoft.Playwright;

namespace TemporalSagas.Tests.SagaConsole;

/// <summary>
/// Debian's chromium driven by Playwright (its own browser download cannot work here): <c>CHROMIUM_PATH</c> or
/// /usr/bin/chromium. Screenshots are kept as test artifacts in <c>SAGAS_SCREENSHOTS</c> (CI points it at the results
/// directory), else <c>screenshots/</c> beside the test assembly.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly IPlaywright playwright;
    private readonly IBrowser browser;

    private BrowserSession(IPlaywright playwright, IBrowser browser, IPage page)
    {
        this.playwright = playwright;
        this.browser = browser;
        Page = page;
    }

    public static string ScreenshotDirectory =>
        Environment.GetEnvironmentVariable("SAGAS_SCREENSHOTS") is { Length: > 0 } dir
            ? dir
            : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public IPage Page { get; }

    /// <summary>Uncaught script errors of the page: a console test ends by asserting there were none.</summary>
    public List<string> PageErrors { get; } = [];

    public static async Task<BrowserSession> StartAsync()
    {
        var executable = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        File.Exists(executable).Should().BeTrue($"the browser tests drive Debian's chromium at {executable} (apt-get install -y chromium)");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking"],
        });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        page.SetDefaultTimeout(60_000);
        Assertions.SetDefaultExpectTimeout(60_000); // a loaded 2-core machine: generous
        var session = new BrowserSession(playwright, browser, page);
        page.PageError += (_, error) => session.PageErrors.Add(error);
        return session;
    }

    public async Task<string> ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var file = Path.Combine(ScreenshotDirectory, $"{name}.png");
        await Page.ScreenshotAsync(new() { Path = file, FullPage = true });
        return file;
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}
