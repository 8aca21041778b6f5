using System.Diagnostics;
using System.Text.Json;
using Gtm.Activities.Storage;
using Gtm.Bench.Pipeline;
using Gtm.Domain.Monitoring;
using Gtm.LocalRunner;
using Gtm.Testing;
using Gtm.Tools;
using Microsoft.Playwright;

namespace Gtm.Bench.OperatorConsole;

/// <summary>
/// ./gtm bench console: time to first render in headless Chromium, from navigation to the page
/// drawn, of the venture list with 1,000 and then 10,000 ventures (and a search that reads them
/// all), and of a venture page with 90 days of hourly snapshots for four channels. The ventures
/// and the history are written to the tables directly; the one venture charted ran the real stage.
/// </summary>
internal static class ConsoleBenchmark
{
    private const int Runs = 5;

    public static async Task RunAsync(string storage)
    {
        await using EmbeddedRunner runner = await ToolRunner.StartProductAsync(storage);
        using HttpClient http = runner.CreateClient();
        const string charted = "bench-charted";
        await new StageClient(http).RunAsync(StandardVenture.Create(charted));
        int snapshots = await HistorySeed.HourlySnapshotsAsync(runner.Service<EvaluationStore>(), runner.Service<MonitoringStore>(), charted, TimeSpan.FromDays(90));
        Report.Note($"{charted}: {snapshots} hourly snapshots over 90 days, four channels");

        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumExecutable.Path, Headless = true });
        var measure = new FirstRender(browser, runner.Address, runner.MasterKey);

        var ventures = runner.Service<VentureStore>();
        await HistorySeed.VenturesAsync(ventures, 0, 1000);
        Report.Line("venture_list_1000_first_render_ms", await measure.MedianAsync("#/ventures", "ventures", Runs));
        await HistorySeed.VenturesAsync(ventures, 1000, 10_000);
        Report.Line("venture_list_10000_first_render_ms", await measure.MedianAsync("#/ventures", "ventures", Runs));
        // Text is matched while reading: a search for the last venture reads the whole list.
        Report.Line("venture_search_10000_first_render_ms", await measure.MedianAsync("#/ventures", "ventures", Runs, filters: "q=v-09999&page_size=50"));
        Report.Line("series_api_90d_ms", await ApiMedianAsync(http, $"/api/ventures/{charted}/metrics/series?days=90", Runs));
        Report.Line("venture_page_90d_hourly_first_render_ms", await measure.MedianAsync($"#/ventures/{charted}", "venture", Runs, days: 90));
        Report.Line("venture_page_30d_hourly_first_render_ms", await measure.MedianAsync($"#/ventures/{charted}", "venture", Runs, days: 30));
    }

    /// <summary>The API's share of a page: one call's time from request to the whole body read.</summary>
    private static async Task<double> ApiMedianAsync(HttpClient http, string path, int runs)
    {
        var times = new List<double>();
        for (int run = 0; run <= runs; run++)
        {
            var watch = Stopwatch.StartNew();
            using HttpResponseMessage response = await http.GetAsync(path);
            byte[] body = await response.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync();
            if (run > 0)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            Report.Note($"{path}: {body.Length / 1024} KiB in {watch.ElapsedMilliseconds} ms");
        }

        return Percentiles.Of(times, 50);
    }

    /// <summary>Opens the console in a fresh tab already holding the key, and reads when the page said it was drawn.</summary>
    private sealed class FirstRender(IBrowser browser, Uri address, string key)
    {
        public async Task<double> MedianAsync(string hash, string page, int runs, string? filters = null, int days = 30)
        {
            var times = new List<double>();
            for (int run = 0; run <= runs; run++)
            {
                await using IBrowserContext context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
                await context.AddInitScriptAsync($$"""
                    sessionStorage.setItem('gtm-functions-key', {{JsonSerializer.Serialize(key)}});
                    sessionStorage.setItem('gtm-venture-filters', {{JsonSerializer.Serialize(filters ?? "")}});
                    sessionStorage.setItem('gtm-days', '{{days}}');
                    """);
                IPage tab = await context.NewPageAsync();
                var watch = Stopwatch.StartNew();
                await tab.GotoAsync(new Uri(address, "/" + hash).ToString());
                await tab.WaitForFunctionAsync($"() => window.gtmConsole && window.gtmConsole.rendered.{page} !== undefined", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
                double rendered = await tab.EvaluateAsync<double>($"() => window.gtmConsole.rendered.{page}");
                if (run > 0)
                {
                    // The first run warms the app and the browser's cache up.
                    times.Add(rendered);
                }

                Report.Note($"{hash} {filters} {days}d: rendered at {rendered:0} ms after navigation ({watch.ElapsedMilliseconds} ms by the bench's clock)");
            }

            return Percentiles.Of(times, 50);
        }
    }
}
