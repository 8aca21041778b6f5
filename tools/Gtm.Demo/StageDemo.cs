using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gtm.Channels.Sandbox;
using Gtm.LocalRunner;

namespace Gtm.Demo;

/// <summary>The demo's steps, each printing what happened as a person would want to read it.</summary>
internal sealed class StageDemo(EmbeddedRunner runner, HttpClient http, CancellationToken cancellation)
{
    public async Task<IReadOnlyList<string>> LaunchAsync(IReadOnlyList<(string Kind, JsonObject Body)> ventures)
    {
        Console.WriteLine($"Stage 17 for {ventures.Count} ventures, started at once on Azurite\n");
        var clock = Stopwatch.StartNew();
        JsonElement[] results = await Task.WhenAll(ventures.Select(v => RunAsync(v.Body)));
        foreach (((string kind, JsonObject _), JsonElement result) in ventures.Zip(results))
        {
            PrintVenture(kind, result);
        }

        Console.WriteLine($"all {ventures.Count} through the stage in {clock.Elapsed.TotalSeconds:F1} s (manual baseline: 7 to 11 days each)\n");
        return [.. results.Select(r => r.GetProperty("ventureId").GetString()!)];
    }

    public async Task ShowLineageAsync(string venture)
    {
        JsonElement outputs = await http.GetFromJsonAsync<JsonElement>($"/api/ventures/{venture}/lineage", cancellation);
        string campaign = outputs.EnumerateArray().Select(o => o.GetString()!).First(o => o.StartsWith("campaign_template/", StringComparison.Ordinal));
        JsonElement trace = await http.GetFromJsonAsync<JsonElement>($"/api/ventures/{venture}/lineage/{campaign}", cancellation);
        Console.WriteLine($"lineage of {campaign}:");
        foreach (JsonElement step in trace.EnumerateArray())
        {
            string inputs = string.Join(", ", step.GetProperty("inputVersions").EnumerateObject().Select(p => $"{p.Name} {p.Value.GetString()}"));
            Console.WriteLine($"  {step.GetProperty("output").GetString()} <- rules {string.Join(", ", step.GetProperty("rules").EnumerateArray().Select(r => r.GetString()))}; inputs {inputs}");
        }

        Console.WriteLine();
    }

    public async Task ShowHandoffsAsync(IReadOnlyList<string> ventures)
    {
        foreach (string venture in ventures)
        {
            JsonElement state = await WaitForStateAsync(venture, "handed_off");
            Console.WriteLine($"{venture}: {state.GetProperty("state").GetString()} ({state.GetProperty("detail").GetString()})");
        }

        Console.WriteLine();
    }

    /// <summary>A launch whose Google Ads provisioning is refused: the saga rolls back what was provisioned.</summary>
    public async Task FailedLaunchAsync(string run)
    {
        runner.Service<SandboxFaults>().Inject("google_ads", "provision", SandboxFault.Refuse, times: 10);
        (string _, JsonObject body) = SampleVentures.All(run + "f")[0];
        Console.WriteLine("forced failure: Google Ads refuses to create campaigns for a new venture");
        JsonElement result = await RunAsync(body);
        JsonElement rollback = result.GetProperty("rollback");
        Console.WriteLine($"  outcome {result.GetProperty("outcome").GetString()}: {result.GetProperty("error").GetString()}");
        Console.WriteLine($"  rollback of {result.GetProperty("campaigns").GetArrayLength()} provisioned campaigns: spend stopped in {rollback.GetProperty("spendStoppedMs").GetDouble():F0} ms, " +
            $"whole rollback {rollback.GetProperty("totalMs").GetDouble():F0} ms, verified {rollback.GetProperty("verified").GetBoolean()}\n");
        runner.Service<SandboxFaults>().Clear();
    }

    /// <summary>The LEAD operator rolls a live venture back by hand (admin key): spend stops, the last good version is restored and re-activated.</summary>
    public async Task ManualRollbackAsync(string venture)
    {
        Console.WriteLine($"manual rollback of live venture {venture} by lead@studio");
        var clock = Stopwatch.StartNew();
        using HttpResponseMessage accepted = await http.PostAsJsonAsync($"/api/ventures/{venture}/rollback", new { requestedBy = "lead@studio", reason = "demo: conversion dropped after a change" }, cancellation);
        accepted.EnsureSuccessStatusCode();
        JsonElement output = (await http.PollUntilDoneAsync(accepted.Headers.Location!, cancellation)).GetProperty("output");
        Console.WriteLine($"  spend stopped on every channel {output.GetProperty("spendStoppedMs").GetDouble():F0} ms into the saga; whole rollback {output.GetProperty("totalMs").GetDouble():F0} ms " +
            $"({clock.ElapsedMilliseconds} ms from the request); restored as version {output.GetProperty("restoredVersion")}, verified {output.GetProperty("verified").GetBoolean()}");
        JsonElement versions = await http.GetFromJsonAsync<JsonElement>($"/api/ventures/{venture}/versions", cancellation);
        foreach (JsonElement version in versions.EnumerateArray())
        {
            Console.WriteLine($"  v{version.GetProperty("version").GetInt32()} by {version.GetProperty("createdBy").GetString()}: {version.GetProperty("reason").GetString()}{(version.GetProperty("lastKnownGood").GetBoolean() ? " (last known good)" : "")}");
        }
    }

    private async Task<JsonElement> RunAsync(JsonObject body)
    {
        using HttpResponseMessage accepted = await http.PostAsJsonAsync("/api/ventures", body, cancellation);
        if (!accepted.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"kickoff refused: {await accepted.Content.ReadAsStringAsync(cancellation)}");
        }

        return (await http.PollUntilDoneAsync(accepted.Headers.Location!, cancellation)).GetProperty("output");
    }

    private async Task<JsonElement> WaitForStateAsync(string venture, string state)
    {
        while (true)
        {
            JsonElement current = await http.GetFromJsonAsync<JsonElement>($"/api/ventures/{venture}", cancellation);
            if (current.GetProperty("state").GetString() == state)
            {
                return current;
            }

            await Task.Delay(100, cancellation);
        }
    }

    private static void PrintVenture(string kind, JsonElement result)
    {
        string substages = string.Join(", ", result.GetProperty("substageMs").EnumerateObject().Select(p => $"{p.Name} {p.Value.GetDouble():F0} ms"));
        string channels = string.Join(", ", result.GetProperty("campaigns").EnumerateArray()
            .GroupBy(c => c.GetProperty("channel").GetString()).Select(g => $"{g.Key} {g.Count()}"));
        Console.WriteLine($"{kind}: {result.GetProperty("ventureId").GetString()} {result.GetProperty("outcome").GetString()}");
        Console.WriteLine($"  substages: {substages}");
        Console.WriteLine($"  configuration version {result.GetProperty("configVersion")}; campaigns per channel: {channels}; variants generated: {result.GetProperty("variants").GetInt32()}");
        Console.WriteLine($"  Stage 18 handoff message: {result.GetProperty("handoffMessageId").GetString()}");
    }
}
