using Microsoft.Playwright;

namespace Orchestrator.McpServer.Tests.Dashboard;

/// <summary>
/// Debian's chromium (installed by .ci/run) driven by Playwright: headless, no sandbox (CI runs as root), no GPU and
/// none of chromium's own background traffic, so the test talks to nothing but the loopback server.
/// </summary>
internal sealed class DashboardBrowser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] LaunchArguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-domain-reliability",
        "--disable-sync", "--disable-default-apps", "--disable-client-side-phishing-detection", "--no-pings",
        "--no-first-run", "--metrics-recording-only", "--disable-features=OptimizationHints,MediaRouter,Translate,AutofillServerCommunication",
    ];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private DashboardBrowser(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
    }

    public IPage Page { get; }

    public static async Task<DashboardBrowser> LaunchAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does.");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = LaunchArguments,
            Timeout = 120_000,
        });
        // A phone-sized viewport: the page must be readable there.
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 412, Height = 915 } });
        page.SetDefaultTimeout(90_000);
        return new DashboardBrowser(playwright, browser, page);
    }

    /// <summary>Saves a full-page screenshot under the test output folder and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{name}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
    }
}
