using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gtm.Demo;

/// <summary>
/// Four ventures in four simulated markets, monitored on a compressed schedule (app setting
/// Gtm:TimeScale; a market day passes in a few seconds), and the timeline of what the monitoring
/// decided and did for each.
/// </summary>
internal sealed class MonitoringDemo(HttpClient http, double timeScale, CancellationToken cancellation)
{
    private static readonly (string Scenario, string Story)[] Markets =
    [
        ("healthy", "a healthy market: nothing to do"),
        ("roas_collapse", "ROAS sinks on day 3 on Meta and LinkedIn"),
        ("conversion_collapse", "the LEAD operator rolls out fresh copy on day 2; it converts far worse"),
        ("failing", "conversion stays below threshold whatever the copy"),
    ];

    public async Task RunAsync(JsonObject template, string run)
    {
        Console.WriteLine($"Monitoring on a compressed schedule: one market day every {86_400 / timeScale:0.#} s\n");
        string[] ventures = [.. Markets.Select(m => $"{m.Scenario.Replace('_', '-')}-{run}")];
        await Task.WhenAll(ventures.Zip(Markets).Select(async pair =>
        {
            JsonObject body = template.DeepClone().AsObject();
            body["market_strategy"]!["venture_id"] = pair.First;
            using HttpResponseMessage accepted = await http.PostAsJsonAsync($"/api/ventures?scenario={pair.Second.Scenario}", body, cancellation);
            accepted.EnsureSuccessStatusCode();
            await http.PollUntilDoneAsync(accepted.Headers.Location!, cancellation);
        }));

        await Task.Delay(Market(TimeSpan.FromDays(2)), cancellation);
        using (HttpResponseMessage rollout = await http.PostAsJsonAsync($"/api/ventures/{ventures[2]}/rollouts", new { requestedBy = "lead@studio", reason = "fresher copy" }, cancellation))
        {
            rollout.EnsureSuccessStatusCode();
        }

        DateTimeOffset until = DateTimeOffset.UtcNow + Market(TimeSpan.FromDays(16));
        while (DateTimeOffset.UtcNow < until && (await http.GetFromJsonAsync<JsonElement>($"/api/ventures/{ventures[3]}", cancellation)).GetProperty("state").GetString() != "escalated")
        {
            await Task.Delay(500, cancellation);
        }

        foreach ((string venture, (string scenario, string story)) in ventures.Zip(Markets))
        {
            await PrintTimelineAsync(venture, scenario, story);
        }
    }

    private async Task PrintTimelineAsync(string venture, string scenario, string story)
    {
        JsonElement monitoring = await http.GetFromJsonAsync<JsonElement>($"/api/ventures/{venture}/monitoring", cancellation);
        DateTimeOffset launched = monitoring.GetProperty("launchedAt").GetDateTimeOffset();
        JsonElement decisions = await http.GetFromJsonAsync<JsonElement>($"/api/ventures/{venture}/decisions?take=500", cancellation);
        JsonElement history = await http.GetFromJsonAsync<JsonElement>($"/api/ventures/{venture}/history", cancellation);
        Console.WriteLine($"{venture} ({scenario}: {story}); {decisions.GetArrayLength()} evaluations");
        var lines = new List<(DateTimeOffset At, string Text)>();
        foreach (JsonElement evaluation in decisions.EnumerateArray())
        {
            foreach (JsonElement decision in evaluation.GetProperty("decisions").EnumerateArray().Where(d => d.GetProperty("action").GetString() is not ("none" or "alert")))
            {
                lines.Add((evaluation.GetProperty("slot").GetDateTimeOffset(), $"decision {decision.GetProperty("rule").GetString()}: {decision.GetProperty("reason").GetString()}"));
            }
        }

        foreach (JsonElement entry in history.EnumerateArray())
        {
            string trigger = entry.TryGetProperty("trigger", out JsonElement t) && t.ValueKind == JsonValueKind.String ? $" {t.GetString()}" : "";
            string outcome = entry.TryGetProperty("outcome", out JsonElement o) && o.ValueKind == JsonValueKind.String ? $" -> {o.GetString()}" : "";
            lines.Add((entry.GetProperty("at").GetDateTimeOffset(), $"{entry.GetProperty("kind").GetString()}{trigger}{(entry.GetProperty("kind").GetString() == "recursion" ? "" : $": {entry.GetProperty("reason").GetString()}")}{outcome}"));
        }

        foreach ((DateTimeOffset at, string text) in lines.OrderBy(l => l.At))
        {
            Console.WriteLine($"  day {((at - launched) * timeScale).TotalDays.ToString("0.0", CultureInfo.InvariantCulture),5}  {text}");
        }

        Console.WriteLine(lines.Count == 0 ? "  no action needed\n" : "");
    }

    private TimeSpan Market(TimeSpan span) => span / timeScale;
}
