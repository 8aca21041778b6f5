using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Queues;
using Gtm.Functions.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gtm.Functions.Tests.OperatorConsole;

/// <summary>
/// The operator console in headless Chromium against the app on the local runner and Azurite:
/// what the LEAD operator sees and does, each page saved as a screenshot.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ConsoleTests(ConsoleFixture console) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task A_launched_venture_is_listed_and_its_charts_draw_target_alert_and_threshold()
    {
        string venture = await console.LaunchAsync("console-charts");
        await using ConsolePage page = await console.OpenAsync(FunctionsHost.MasterKey);

        await Expect(page.Page.GetByText("Admin key: LEAD operations enabled")).ToBeVisibleAsync();
        ILocator row = page.Page.Locator($"tr[data-venture='{venture}']");
        await page.Page.GetByLabel("Search").FillAsync("console-charts");
        await Expect(row).ToBeVisibleAsync();
        await page.ScreenshotAsync("01-ventures");

        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.Page.Locator("canvas[data-metric]")).ToHaveCountAsync(4, new() { Timeout = 30_000 });
        JsonElement thresholds = await console.Api.GetFromJsonAsync<JsonElement>($"/api/ventures/{venture}/thresholds");
        foreach (JsonElement threshold in thresholds.EnumerateArray())
        {
            string metric = threshold.GetProperty("metric").GetString()!;
            JsonElement drawn = await page.EvaluateAsync<JsonElement>($$"""
                () => {
                  const chart = window.gtmConsole.charts.get('{{metric}}');
                  const lines = chart.config.options.plugins.annotation.annotations;
                  return { registered: !!Chart.registry.plugins.get('annotation'), target: lines.target.yMin, alert: lines.alert.yMin, threshold: lines.threshold.yMin };
                }
                """);
            Assert.True(drawn.GetProperty("registered").GetBoolean(), "the annotation plugin draws the lines");
            Assert.Equal(threshold.GetProperty("target").GetDouble(), drawn.GetProperty("target").GetDouble());
            Assert.Equal(threshold.GetProperty("alert").GetDouble(), drawn.GetProperty("alert").GetDouble());
            Assert.Equal(threshold.GetProperty("threshold").GetDouble(), drawn.GetProperty("threshold").GetDouble());
        }

        // Snapshots arrive as the market runs: each chart has a series per channel.
        await Eventually.TrueAsync(async () => await page.EvaluateAsync<int>("() => window.gtmConsole.charts.get('roas').data.datasets.length") == 4, TimeSpan.FromSeconds(90), "a series for each of the four channels");
        await Expect(page.Page.Locator("span.state").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("live|handed_off"));
        await page.ScreenshotAsync("02-venture-metrics");
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task A_threshold_change_is_checked_before_sending_and_lands_in_the_audit_log()
    {
        string venture = await console.LaunchAsync("console-threshold");
        await using ConsolePage page = await console.OpenAsync(FunctionsHost.MasterKey);
        await page.GoAsync($"#/ventures/{venture}/thresholds");
        ILocator form = page.Page.Locator("form[data-metric='conversion_rate']");
        await Expect(form).ToBeVisibleAsync();

        // Above the alert level: refused in the page, nothing sent.
        await form.GetByLabel("Threshold (breach below)").FillAsync("0.5");
        await form.GetByLabel("Changed by").FillAsync("lead@studio");
        await form.GetByLabel("Why").FillAsync("tighter");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save threshold" }).ClickAsync();
        await Expect(form.Locator(".errors")).ToContainTextAsync("threshold: must be at most the alert level");
        Assert.Empty(await console.Api.GetFromJsonAsync<JsonElement[]>($"/api/ventures/{venture}/audit") ?? []);

        await form.GetByLabel("Threshold (breach below)").FillAsync("0.01");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save threshold" }).ClickAsync();
        await Expect(page.Page.Locator("table", new() { HasText = "Audit trail" })).ToContainTextAsync("threshold conversion_rate changed");
        JsonElement saved = (await console.Api.GetFromJsonAsync<JsonElement>($"/api/ventures/{venture}/thresholds")).EnumerateArray().Single(t => t.GetProperty("metric").GetString() == "conversion_rate");
        Assert.Equal(0.01, saved.GetProperty("threshold").GetDouble());
        await page.ScreenshotAsync("03-thresholds");

        await page.GoAsync("#/audit");
        await Expect(page.Page.Locator("table", new() { HasText = "Latest LEAD operations" }).Locator("tr", new() { HasText = venture })).ToContainTextAsync("tighter");
        await page.ScreenshotAsync("04-audit-log");
    }

    [Fact]
    public async Task A_rollback_shows_spend_stopped_and_the_restored_version_and_two_versions_diff_side_by_side()
    {
        string venture = await console.LaunchAsync("console-rollback");
        await using ConsolePage page = await console.OpenAsync(FunctionsHost.MasterKey);
        await page.GoAsync($"#/ventures/{venture}/versions");
        ILocator rollback = page.Page.GetByRole(AriaRole.Form, new() { Name = "Roll back" });
        await rollback.GetByLabel("Restore").SelectOptionAsync("1");
        await rollback.GetByLabel("Requested by").FillAsync("lead@studio");
        await rollback.GetByLabel("Why").FillAsync("conversion fell after the change");
        await rollback.GetByRole(AriaRole.Button, new() { Name = "Roll back now" }).ClickAsync();

        await Expect(page.Page.Locator(".spend-stopped")).ToContainTextAsync("Spend stopped on every channel", new() { Timeout = 60_000 });
        await Expect(page.Page.Locator(".restored")).ToHaveTextAsync("Version v2 restored.", new() { Timeout = 60_000 });
        await Expect(page.Page.Locator("[data-runtime-status]")).ToHaveAttributeAsync("data-runtime-status", "Completed");
        Assert.Contains(page.Dialogs, d => d.StartsWith("confirm: Roll back console-rollback?", StringComparison.Ordinal));
        await page.ScreenshotAsync("05-rollback");

        ILocator compare = page.Page.GetByRole(AriaRole.Form, new() { Name = "Compare versions" });
        // The restored version is listed (monitoring runs every second here and may append a budget version after it).
        await Expect(compare.GetByLabel("To").Locator("option[value='2']")).ToHaveCountAsync(1);
        await compare.GetByLabel("From").SelectOptionAsync("1");
        await compare.GetByLabel("To").SelectOptionAsync("2");
        await compare.GetByRole(AriaRole.Button, new() { Name = "Show the differences" }).ClickAsync();
        await Expect(page.Page.Locator(".diff caption")).ToHaveTextAsync("Changes from v1 to v2");
        await page.ScreenshotAsync("06-versions-diff");

        await page.GoAsync($"#/ventures/{venture}/overview");
        await Expect(page.Page.Locator("span.state").First).ToHaveTextAsync("rolled_back");
        JsonElement[] audit = await console.Api.GetFromJsonAsync<JsonElement[]>($"/api/ventures/{venture}/audit") ?? [];
        Assert.Contains(audit, e => e.GetProperty("why").GetString() == "conversion fell after the change" && e.GetProperty("who").GetString() == "lead@studio");
    }

    [Fact]
    public async Task A_reviewer_approves_the_content_under_review()
    {
        string venture = "console-review";
        JsonObject body = Review.ReviewGate.Venture(venture, new { reviewers = new[] { "ana@customer" }, timeout_hours = 720 }, enterprise: false);
        using HttpResponseMessage accepted = await console.Api.PostAsJsonAsync("/api/ventures", body);
        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync());
        await Eventually.TrueAsync(async () => (await console.Api.GetAsync($"/api/ventures/{venture}/reviews")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "the first review round");

        await using ConsolePage page = await console.OpenAsync(FunctionsHost.FunctionKey);
        await page.GoAsync("#/reviews");
        await page.Page.Locator("table", new() { HasText = "Ventures in customer review" }).GetByRole(AriaRole.Link).First.ClickAsync();
        ILocator vote = page.Page.GetByRole(AriaRole.Form, new() { Name = "Vote" });
        await vote.GetByLabel("Reviewer").FillAsync("ana@customer");
        await page.ScreenshotAsync("07-review");
        await vote.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        await Expect(page.Page.Locator("table", new() { HasText = "Votes" })).ToContainTextAsync("ana@customer");
        await Expect(page.Page.Locator("span.state").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("17\\.3|launching|live|handed_off"), new() { Timeout = 60_000 });
    }

    [Fact]
    public async Task A_poison_message_is_shown_with_its_error_and_replayed_by_the_lead()
    {
        string queueName = console.Host.Values["Gtm__Stage18Queue"]!;
        var queue = new QueueClient(console.Host.Values["AzureWebJobsStorage"], queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("""{"not":"a handoff"}""");
        await Eventually.TrueAsync(async () => (await console.Api.GetFromJsonAsync<JsonElement[]>($"/api/poison/{queueName}"))?.Length == 1, TimeSpan.FromSeconds(60), "the message set aside");

        await using ConsolePage page = await console.OpenAsync(FunctionsHost.MasterKey);
        await page.GoAsync("#/poison");
        ILocator section = page.Page.Locator($"section[data-queue='{queueName}']");
        await Expect(section).ToContainTextAsync("invalid");
        await section.GetByLabel("Requested by").FillAsync("lead@studio");
        await section.GetByLabel("Why").FillAsync("schema fixed downstream");
        await page.ScreenshotAsync("08-poison");
        await section.GetByRole(AriaRole.Button, new() { Name = $"Replay onto {queueName}" }).ClickAsync();

        await Expect(section).ToContainTextAsync($"1 message(s) put back on {queueName}.");
        JsonElement[] audit = await console.Api.GetFromJsonAsync<JsonElement[]>("/api/audit") ?? [];
        Assert.Contains(audit, e => e.GetProperty("what").GetString() == $"replayed 1 poison message(s) onto {queueName}" && e.GetProperty("why").GetString() == "schema fixed downstream");
    }

    [Fact]
    public async Task A_dead_lettered_intake_message_is_shown_beside_the_poison_messages_and_replayed_by_the_lead()
    {
        const string Queue = ConsoleFixture.IntakeQueue;
        await using (ServiceBusSender sender = console.ServiceBus.CreateSender(Queue))
        {
            await sender.SendMessageAsync(new ServiceBusMessage("""{"market_strategy":{"venture_id":"x"}}""") { MessageId = "console-dead-letter" });
        }

        await Eventually.TrueAsync(async () => (await console.Api.GetFromJsonAsync<JsonElement[]>($"/api/poison/service-bus/{Queue}"))?.Length == 1, TimeSpan.FromSeconds(60), "the message dead-lettered");
        await using ConsolePage page = await console.OpenAsync(FunctionsHost.MasterKey);
        await page.GoAsync("#/poison");
        ILocator section = page.Page.Locator($"section[data-queue='{Queue}'][data-transport='service_bus']");
        await Expect(section.GetByRole(AriaRole.Heading)).ToHaveTextAsync($"{Queue}/$deadletterqueue");
        await Expect(section).ToContainTextAsync("invalid Stage 16 output");
        await Expect(section).ToContainTextAsync("console-dead-letter");
        await section.GetByLabel("Requested by").FillAsync("lead@studio");
        await section.GetByLabel("Why").FillAsync("Stage 16 resends fixed output");
        await page.ScreenshotAsync("08b-dead-letters");
        await section.GetByRole(AriaRole.Button, new() { Name = $"Replay onto {Queue} (Service Bus)" }).ClickAsync();

        await Expect(section).ToContainTextAsync($"1 message(s) put back on {Queue} (Service Bus).");
        JsonElement[] audit = await console.Api.GetFromJsonAsync<JsonElement[]>("/api/audit") ?? [];
        Assert.Contains(audit, e => e.GetProperty("what").GetString() == $"replayed 1 dead-lettered message(s) onto Service Bus queue {Queue}");
    }

    [Fact]
    public async Task A_venture_name_with_markup_is_shown_as_text_and_runs_nothing()
    {
        const string Name = "<img src=x onerror=alert(1)>";
        string venture = await console.LaunchAsync("console-markup", body => body["market_strategy"]!["venture_name"] = Name);
        await using ConsolePage page = await console.OpenAsync(FunctionsHost.FunctionKey);
        await page.Page.GetByLabel("Search").FillAsync(venture);
        await Expect(page.Page.GetByRole(AriaRole.Link, new() { Name = Name })).ToBeVisibleAsync();
        await page.GoAsync($"#/ventures/{venture}");
        await Expect(page.Page.Locator("h1")).ToHaveTextAsync(Name);

        Assert.Equal(0, await page.Page.Locator("main img").CountAsync());
        Assert.Empty(page.Dialogs);
        await page.ScreenshotAsync("09-markup-as-text");
    }

    [Fact]
    public async Task Without_a_key_the_api_answers_401_and_with_the_function_key_lead_actions_are_refused()
    {
        await using ConsolePage anonymous = await console.OpenAsync(null);
        Assert.Equal(401, await anonymous.EvaluateAsync<int>("async () => (await fetch('/api/ventures')).status"));
        await anonymous.SignInAsync("not-a-key");
        await Expect(anonymous.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("refused this key (401)");
        await anonymous.ScreenshotAsync("10-key-refused");

        string venture = await console.LaunchAsync("console-function-key");
        await using ConsolePage reader = await console.OpenAsync(FunctionsHost.FunctionKey, new ViewportSize { Width = 390, Height = 844 });
        await Expect(reader.Page.GetByText("Function key: read and vote only")).ToBeVisibleAsync();
        await reader.GoAsync($"#/ventures/{venture}/versions");
        await Expect(reader.Page.GetByRole(AriaRole.Button, new() { Name = "Roll back now" })).ToBeDisabledAsync();
        await reader.GoAsync($"#/ventures/{venture}/thresholds");
        await Expect(reader.Page.GetByRole(AriaRole.Button, new() { Name = "Save threshold" }).First).ToBeDisabledAsync();
        await reader.ScreenshotAsync("11-function-key-phone");

        // The API refuses what the page hides.
        int status = await reader.EvaluateAsync<int>($$"""
            async () => (await fetch('/api/ventures/{{venture}}/rollback', { method: 'POST', headers: { 'x-functions-key': sessionStorage.getItem('gtm-functions-key'), 'content-type': 'application/json' },
              body: JSON.stringify({ requestedBy: 'x', reason: 'y' }) })).status
            """);
        Assert.Equal(401, status);
    }
}
