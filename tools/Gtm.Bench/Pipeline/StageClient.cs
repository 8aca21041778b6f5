using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gtm.Bench.Pipeline;

/// <summary>The benchmark's use of the venture API: start, poll, reject, roll back.</summary>
internal sealed class StageClient(HttpClient http)
{
    public async Task<Uri> StartAsync(JsonObject venture)
    {
        using HttpResponseMessage accepted = await http.PostAsJsonAsync("/api/ventures", venture);
        return accepted.StatusCode == HttpStatusCode.Accepted
            ? accepted.Headers.Location!
            : throw new InvalidOperationException($"kickoff refused ({accepted.StatusCode}): {await accepted.Content.ReadAsStringAsync()}");
    }

    public async Task<JsonElement> RunAsync(JsonObject venture) => await PollAsync(await StartAsync(venture));

    /// <summary>The stage's output, or null when the kickoff was refused or the orchestration did not complete.</summary>
    public async Task<JsonElement?> TryRunAsync(JsonObject venture)
    {
        try
        {
            return await RunAsync(venture);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    public async Task<JsonElement> PollAsync(Uri status)
    {
        for (TimeSpan wait = TimeSpan.FromMilliseconds(20); ; wait = TimeSpan.FromMilliseconds(Math.Min(wait.TotalMilliseconds * 1.5, 1000)))
        {
            using HttpResponseMessage response = await http.GetAsync(status);
            // Durable Functions' status answers 200 when completed, 400 when failed or terminated, 202 while running.
            if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest)
            {
                JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>();
                return body.GetProperty("runtimeStatus").GetString() == "Completed"
                    ? body.GetProperty("output")
                    : throw new InvalidOperationException($"{status} ended {body.GetProperty("runtimeStatus").GetString()}: {body}");
            }

            await Task.Delay(wait);
        }
    }

    /// <summary>True when the API refused the body with problem details and left no instance and no venture behind.</summary>
    public async Task<bool> RejectedCleanlyAsync(JsonObject venture)
    {
        using HttpResponseMessage response = await http.PostAsJsonAsync("/api/ventures", venture);
        string? id = venture["market_strategy"]?["venture_id"]?.GetValueKind() == JsonValueKind.String ? venture["market_strategy"]!["venture_id"]!.GetValue<string>() : null;
        bool nothingLeft = id is null
            || ((await http.GetAsync($"/runtime/webhooks/durabletask/instances/stage17-{id}")).StatusCode == HttpStatusCode.NotFound
                && (await http.GetAsync($"/api/ventures/{id}")).StatusCode == HttpStatusCode.NotFound);
        return response.StatusCode == HttpStatusCode.BadRequest && response.Content.Headers.ContentType?.MediaType == "application/problem+json" && nothingLeft;
    }

    /// <summary>A manual rollback: from the request to spend stopped on every channel, and to the whole rollback verified.</summary>
    public async Task<(double SpendStoppedMs, double TotalMs)> RollbackAsync(string venture)
    {
        DateTimeOffset requested = DateTimeOffset.UtcNow;
        using HttpResponseMessage accepted = await http.PostAsJsonAsync($"/api/ventures/std-{venture}/rollback", new { requestedBy = "bench", reason = "benchmark" });
        accepted.EnsureSuccessStatusCode();
        Uri status = accepted.Headers.Location!;
        JsonElement output = await PollAsync(status);
        JsonElement instance = await http.GetFromJsonAsync<JsonElement>(status);
        double queued = (instance.GetProperty("createdTime").GetDateTimeOffset() - requested).TotalMilliseconds;
        return (Math.Max(0, queued) + output.GetProperty("spendStoppedMs").GetDouble(), Math.Max(0, queued) + output.GetProperty("totalMs").GetDouble());
    }
}
