using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using DurableTask.Core;
using Gtm.Activities.Launch;
using Gtm.Channels;
using Gtm.Domain.Ventures;
using Gtm.Functions.Monitoring;
using Gtm.LocalRunner;
using Gtm.LocalRunner.Durable;
using Gtm.Testing;
using Gtm.Testing.Durable;
using Gtm.Testing.Scorecard;
using Gtm.Tools;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Gtm.Bench.Scorecard;

/// <summary>A venture of the corpus: its kickoff body and the truth only the scorecard knows.</summary>
internal sealed record CorpusVenture(string VentureId, JsonObject Body, HiddenMarket Market, string? Mistake);

/// <summary>
/// One seed of the scorecard: the product on Azurite with the virtual-clock task hub, its corpus
/// launched through the API (each venture's hidden market as its sandbox scenario), then the
/// market run for its days with the monitoring schedule every simulated hour, as the timer would.
/// </summary>
internal sealed partial class ScorecardRun : IAsyncDisposable
{
    /// <summary>Share of the corpus whose input carries a realistic mistake.</summary>
    public const double MistakeRate = 0.15;

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
    private readonly VirtualClockOrchestrationService hub;
    private readonly EpisodeClock clock;
    private EmbeddedRunner runner = null!;
    private HttpClient http = null!;

    private ScorecardRun()
    {
        hub = new VirtualClockOrchestrationService(time);
        clock = new EpisodeClock(time);
    }

    /// <summary>The seed's ventures: synthetic inputs, each with a hidden market, and exactly <see cref="MistakeRate"/> of them (rounded) with a realistic mistake.</summary>
    public static IReadOnlyList<CorpusVenture> Corpus(int seed, int count)
    {
        var random = new Random(seed);
        HashSet<int> mistaken = [.. Enumerable.Range(0, count).OrderBy(_ => random.Next()).Take((int)Math.Round(count * MistakeRate))];
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            VentureInputs inputs = SyntheticVentures.Create((seed * 100_000) + i);
            HiddenMarket market = HiddenMarket.Draw(random, inputs);
            JsonObject body = RealisticMistakes.Body(inputs);
            string? mistake = mistaken.Contains(i) ? RealisticMistakes.Apply(body, random) : null;
            return new CorpusVenture(inputs.MarketStrategy.VentureId, body, market, mistake);
        })];
    }

    public static async Task<IReadOnlyList<VentureFacts>> RunAsync(string storage, int seed, int count, int days)
    {
        await using ScorecardRun run = await StartAsync(storage);
        IReadOnlyList<CorpusVenture> corpus = Corpus(seed, count);
        var launches = new Dictionary<string, Launch>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(corpus, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (venture, _) =>
        {
            Launch launch = await run.LaunchAsync(venture);
            lock (launches)
            {
                launches[venture.VentureId] = launch;
            }
        });
        Report.Note($"seed {seed}: {launches.Values.Count(l => l.Campaigns.Count > 0)} of {corpus.Count} ventures launched");

        MarketSnapshots market = await run.MarketAsync(launches.Values.SelectMany(l => l.Campaigns).ToList(), days);
        var facts = new List<VentureFacts>();
        foreach (CorpusVenture venture in corpus)
        {
            facts.Add(await run.FactsAsync(venture, launches[venture.VentureId], market));
        }

        return facts;
    }

    private static async Task<ScorecardRun> StartAsync(string storage)
    {
        var run = new ScorecardRun();
        run.runner = await ToolRunner.StartProductAsync(storage, new Dictionary<string, string?> { ["AzureWebJobs.MonitorSchedule.Disabled"] = "true" }, builder =>
            builder.Services.UseVirtualClock(run.hub, run.time).AddSingleton<OrchestrationMiddleware>(run.clock.Middleware));
        run.http = run.runner.CreateClient(TimeSpan.FromMinutes(5));
        return run;
    }

    /// <summary>A venture's launch: whether the gates took it, and its campaigns once live (none when it did not launch).</summary>
    private sealed record Launch(bool Accepted, IReadOnlyList<LaunchedCampaign> Campaigns);

    private async Task<Launch> LaunchAsync(CorpusVenture venture)
    {
        using HttpResponseMessage answer = await http.PostAsJsonAsync($"/api/ventures?scenario={Uri.EscapeDataString(venture.Market.Scenario)}", venture.Body);
        if (answer.StatusCode != HttpStatusCode.Accepted)
        {
            return new Launch(false, []);
        }

        JsonElement body = await DurableStatus.PollUntilDoneAsync(http, answer.Headers.Location!, TimeSpan.FromMinutes(5));
        JsonElement output = body.GetProperty("output");
        bool launched = body.GetProperty("runtimeStatus").GetString() == "Completed" && output.GetProperty("outcome").GetString() == "launched";
        if (!launched)
        {
            Report.Note($"  {venture.VentureId} ({(venture.Mistake ?? "no mistake")}) did not launch: {(output.ValueKind == JsonValueKind.Object && output.TryGetProperty("error", out JsonElement error) ? error.ToString() : output.ToString())}");
        }

        return new Launch(true, launched ? output.GetProperty("campaigns").Deserialize<LaunchedCampaign[]>(JsonSerializerOptions.Web)! : []);
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await runner.DisposeAsync();
    }
}
