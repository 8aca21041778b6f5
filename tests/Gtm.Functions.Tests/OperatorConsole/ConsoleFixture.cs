using System.Text.Json.Nodes;
using Gtm.Functions.Tests.Support;
using Gtm.Functions.Tests.Ventures;
using Gtm.Testing;
using Microsoft.Playwright;

namespace Gtm.Functions.Tests.OperatorConsole;

/// <summary>
/// The app on the local runner listening on a loopback port, on Azurite, with a market day every
/// ten seconds and monitoring every second, so a launched venture has its first metric snapshot
/// ten seconds after launch; and one headless Chromium for the class's pages.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    private IPlaywright? playwright;

    public FunctionsHost Host { get; private set; } = null!;

    /// <summary>A client with the admin key.</summary>
    public HttpClient Api { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Screenshots of each page, kept with the test output.</summary>
    public string Screenshots { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "console-screenshots")).FullName;

    public async Task InitializeAsync()
    {
        Host = await FunctionsHost.StartAsync(kestrel: true, values: new Dictionary<string, string?>
        {
            ["Gtm__TimeScale"] = "8640",
            ["Gtm__MonitorSchedule"] = "* * * * * *",
        });
        Api = Host.CreateClient();
        Api.DefaultRequestHeaders.Add("x-functions-key", FunctionsHost.MasterKey);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumExecutable.Path, Headless = true });
    }

    /// <summary>Kicks a venture off through the API and waits until its stage has ended, launched.</summary>
    public async Task<string> LaunchAsync(string venture, Action<JsonObject>? edit = null)
    {
        JsonObject body = StandardVenture.Create(venture);
        edit?.Invoke(body);
        await VentureClient.LaunchAsync(Api, body);
        return venture;
    }

    /// <summary>A fresh browser context at 1280x800 on the console, signed in with <paramref name="key"/> unless null.</summary>
    public async Task<ConsolePage> OpenAsync(string? key, ViewportSize? viewport = null)
    {
        IBrowserContext context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 800 } });
        var page = new ConsolePage(context, await context.NewPageAsync(), Host.Runner.Address, Screenshots);
        await page.Page.GotoAsync(Host.Runner.Address.ToString());
        if (key is not null)
        {
            await page.SignInAsync(key);
        }

        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        Api?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }
}
