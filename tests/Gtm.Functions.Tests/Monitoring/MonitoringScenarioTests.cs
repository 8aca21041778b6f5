using System.Net;
using System.Net.Http.Json;
using Gtm.Activities.Launch;
using Gtm.Activities.Storage;
using Gtm.Channels;
using Gtm.Domain.Monitoring;
using Gtm.Domain.Ventures;

namespace Gtm.Functions.Tests.Monitoring;

/// <summary>The sandbox scenarios of SPEC C5 to C7, each over 30 simulated days on skipped time.</summary>
[Trait("Category", "Integration")]
[Collection(nameof(MarketCollection))]
public sealed class MonitoringScenarioTests : IAsyncLifetime
{
    private SkippedTimeMarket market = null!;

    public async Task InitializeAsync() => market = await SkippedTimeMarket.StartAsync();

    public async Task DisposeAsync() => await market.DisposeAsync();

    [Fact(Timeout = 300_000)]
    public async Task A_healthy_venture_is_evaluated_daily_and_nothing_is_done_to_it()
    {
        string venture = Id("healthy");
        await market.LaunchAsync(venture, "healthy");
        await market.RunAsync(TimeSpan.FromDays(30));

        IReadOnlyList<EvaluationRecord> evaluations = await market.EvaluationsAsync(venture);
        Assert.InRange(evaluations.Count, 29, 31);
        Assert.All(evaluations, e => Assert.Equal(DecisionAction.None, e.Verdict.Action));
        Assert.Contains(evaluations, e => e.Decisions.All(d => d.Level == MetricLevel.Ok));
        Assert.DoesNotContain(await market.HistoryAsync(venture), i => i.Kind is "recursion" or "rollback" or "escalation");
    }

    [Fact(Timeout = 300_000)]
    public async Task When_roas_sinks_gtm_004_moves_budget_to_the_channels_that_still_return_and_roas_recovers()
    {
        string venture = Id("roas");
        await market.LaunchAsync(venture, "roas_collapse");
        await market.RunAsync(TimeSpan.FromDays(30));

        IReadOnlyList<Intervention> history = await market.HistoryAsync(venture);
        Intervention recursion = Assert.Single(history, i => i.Kind == "recursion");
        Assert.Equal("GTM-004", recursion.Trigger);
        Intervention shift = history.First(i => i.Kind == "budget" && i.At >= recursion.At);
        Assert.DoesNotContain(history, i => i.Kind is "rollback" or "escalation");

        IReadOnlyList<EvaluationRecord> evaluations = await market.EvaluationsAsync(venture);
        Decision Roas(EvaluationRecord e) => e.Decisions.Single(d => d.Metric == Metric.Roas);
        Assert.Contains(evaluations, e => Roas(e).Level == MetricLevel.Critical);
        Assert.All(evaluations.Where(e => e.Slot > shift.At.AddDays(1)), e => Assert.True(Roas(e).Level is MetricLevel.Ok or MetricLevel.Warning, $"{e.Slot}: {Roas(e).Reason}"));
        Assert.Matches("meta [0-9] %", shift.Outcome);
    }

    [Fact(Timeout = 300_000)]
    public async Task Content_whose_conversion_collapses_during_its_rollout_is_rolled_back_to_the_last_known_good()
    {
        string venture = Id("conv");
        await market.LaunchAsync(venture, "conversion_collapse");
        await market.RunAsync(TimeSpan.FromDays(2));
        using HttpResponseMessage accepted = await market.Client.PostAsJsonAsync($"/api/ventures/{venture}/rollouts", new { requestedBy = "lead@studio", reason = "fresher copy" });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await market.RunAsync(TimeSpan.FromDays(28));

        IReadOnlyList<Intervention> history = await market.HistoryAsync(venture);
        Assert.Contains(history, i => i.Kind == "rollout_step" && i.Outcome!.StartsWith("breach", StringComparison.Ordinal));
        Intervention rollback = Assert.Single(history, i => i.Kind == "rollback");
        Assert.Contains("conversion_rate", rollback.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(history, i => i.Kind == "rollout_promoted");

        MonitoredVenture monitored = (await market.Service<MonitoringStore>().GetAsync(venture, CancellationToken.None))!;
        Assert.Equal((1, null), (monitored.ContentGeneration, monitored.Rollout));
        IReadOnlyList<ConfigVersion> versions = await market.Service<ConfigVersionStore>().ListAsync(venture, CancellationToken.None);
        Assert.Contains(versions, v => v.ContentGeneration == 2);
        Assert.Contains(versions, v => v.Reason.StartsWith("restore v", StringComparison.Ordinal) && v.ContentGeneration == 1);
        foreach (LaunchedCampaign campaign in Campaigns(monitored))
        {
            PlatformCampaign onPlatform = await market.Service<ChannelAdapters>().For(campaign.Channel).GetAsync(campaign.PlatformCampaignId, CancellationToken.None);
            Assert.Equal((CampaignStatus.Active, new CreativeSplit(1)), (onPlatform.Status, onPlatform.Creatives));
        }
    }

    [Fact(Timeout = 300_000)]
    public async Task A_venture_that_keeps_failing_spends_its_recursions_then_is_rolled_back_and_escalated()
    {
        string venture = Id("fail");
        await market.LaunchAsync(venture, "failing");
        await market.RunAsync(TimeSpan.FromDays(30));

        IReadOnlyList<Intervention> history = await market.HistoryAsync(venture);
        string story = string.Join("\n", history);
        Assert.True(3 == history.Count(i => i.Kind == "recursion" && i.Trigger == "GTM-003"), story);
        Assert.True(3 == history.Count(i => i.Kind == "rollout_promoted"), story);
        Assert.True(1 == history.Count(i => i.Kind == "rollback"), story);
        Assert.True(1 == history.Count(i => i.Kind == "escalation"), story);
        EvaluationRecord last = (await market.EvaluationsAsync(venture))[0];
        Assert.Equal(DecisionAction.RollbackAndEscalate, last.Verdict.Action);
        Assert.Equal("recursion_exhausted", last.Decisions.Single(d => d.Metric == Metric.ConversionRate).Rule);
        Assert.True((await market.Service<MonitoringStore>().GetAsync(venture, CancellationToken.None))!.Paused);
        Assert.Equal("escalated", (await market.Service<VentureStore>().GetAsync(venture, CancellationToken.None))!.State);
    }

    /// <summary>
    /// A fixed id: each test has storage and a task hub of its own, and the sandbox's reports depend
    /// on the campaigns' ids (each rounds counts with an offset of its own), so a fixed id makes the
    /// simulated month the same on every run.
    /// </summary>
    private static string Id(string kind) => $"{kind}-scenario";

    private static List<LaunchedCampaign> Campaigns(MonitoredVenture venture) =>
        System.Text.Json.JsonSerializer.Deserialize<List<LaunchedCampaign>>(venture.CampaignsJson, ContractJson.Options)!;
}
