using System.Text.Json;
using Microsoft.Playwright;

namespace Gtm.Functions.Tests.OperatorConsole;

/// <summary>One browser tab on the console: what it does, and every dialog and page error it met.</summary>
public sealed class ConsolePage : IAsyncDisposable
{
    private readonly IBrowserContext context;
    private readonly string screenshots;

    public ConsolePage(IBrowserContext context, IPage page, Uri address, string screenshots)
    {
        this.context = context;
        this.screenshots = screenshots;
        Page = page;
        Address = address;
        // Confirmations (a rollback asks one) are accepted; anything else is recorded, and a test may assert none happened.
        page.Dialog += async (_, dialog) =>
        {
            Dialogs.Add($"{dialog.Type}: {dialog.Message}");
            await dialog.AcceptAsync();
        };
        page.PageError += (_, error) => Errors.Add(error);
    }

    public IPage Page { get; }

    public Uri Address { get; }

    public List<string> Dialogs { get; } = [];

    public List<string> Errors { get; } = [];

    public async Task SignInAsync(string key)
    {
        await Page.GetByLabel("Function or admin key").FillAsync(key);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Open the console" }).ClickAsync();
    }

    public Task GoAsync(string hash) => Page.EvaluateAsync($"() => location.hash = {JsonSerializer.Serialize(hash)}");

    public async Task<T> EvaluateAsync<T>(string script) => await Page.EvaluateAsync<T>(script);

    /// <summary>Saves the page as it looks now, named after the step.</summary>
    public async Task ScreenshotAsync(string name) =>
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, $"{name}.png"), FullPage = true });

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}
