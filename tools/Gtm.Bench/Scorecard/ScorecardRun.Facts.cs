using Gtm.Activities.Experiments;
using Gtm.Activities.Launch;
using Gtm.Activities.Storage;
using Gtm.Domain.Experiments;
using Gtm.Domain.Monitoring;
using Gtm.Functions.Ventures;
using Gtm.Orchestrations;
using Gtm.Testing.Scorecard;

namespace Gtm.Bench.Scorecard;

internal sealed partial class ScorecardRun
{
    /// <summary>The A/B pilots' window, in market days (the default the exit gate starts them with).</summary>
    private const int Window = (int)AbPilot.MinWindowDays;

    /// <summary>The gates, 17.1, 17.2, 17.3 and the launch.</summary>
    private const int StageSteps = 5;

    private static readonly string[] DecisionKinds = ["recursion", "rollback"];
    private static readonly string[] MonitoringSteps = ["recursion", "rollback", "budget", "rollout_step", "rollout_promoted"];

    /// <summary>What the run shows of one venture, read from the product's own records after the market ran.</summary>
    private async Task<VentureFacts> FactsAsync(CorpusVenture venture, Launch launch, MarketSnapshots market)
    {
        string id = venture.VentureId;
        if (!launch.Accepted)
        {
            // Refused at the gates: a person must correct the input.
            return new VentureFacts(id, venture.Market, venture.Mistake, false, false, null, 1, 1, [], [], [], [], null);
        }

        if (launch.Campaigns.Count == 0)
        {
            // Past the gates but not launched: rolled back by itself, and a person must find out why.
            return new VentureFacts(id, venture.Market, venture.Mistake, true, false, null, StageSteps, 1, [], [], [], [], null);
        }

        IReadOnlyList<Episode> stage = clock.Of(KickoffVenture.StageInstance(id));
        IReadOnlyList<Intervention> history = [.. (await runner.Service<InterventionStore>().ListAsync(id, CancellationToken.None)).OrderBy(i => i.At)];
        (IReadOnlyList<string> decisions, IReadOnlyList<double> improvements) = Decisions(history, launch, market);
        int escalations = history.Count(i => i.Kind == "escalation");
        (IReadOnlyList<double> seconds, IReadOnlyList<decimal> spent) = Rollbacks(id, launch.Campaigns);
        return new VentureFacts(
            id,
            venture.Market,
            venture.Mistake,
            true,
            true,
            stage.Count > 0 ? EpisodeClock.Seconds(stage[0], stage[^1]) : null,
            StageSteps + history.Count(i => MonitoringSteps.Contains(i.Kind)) + escalations,
            escalations,
            decisions,
            improvements,
            seconds,
            spent,
            await PilotAsync(id, launch.Campaigns, market));
    }

    /// <summary>
    /// Each evaluation's recursion or rollback, labelled as the product acted on it, and for each
    /// recursion its breached metric's relative change from the week before it (or since launch,
    /// when it came sooner) to the second week after, as the platforms delivered it (when the run
    /// lasted that long).
    /// </summary>
    private static (IReadOnlyList<string> Decisions, IReadOnlyList<double> Improvements) Decisions(IReadOnlyList<Intervention> history, Launch launch, MarketSnapshots market)
    {
        var decisions = new List<string>();
        var improvements = new List<double>();
        foreach (IGrouping<(DateTimeOffset At, string Kind), Intervention> decided in history.Where(i => DecisionKinds.Contains(i.Kind)).GroupBy(i => (i.At, i.Kind)))
        {
            if (decided.Key.Kind == "rollback")
            {
                decisions.Add(HiddenMarket.Rollback);
                continue;
            }

            string label = HiddenMarket.Label(decided.Select(i => i.Trigger ?? ""));
            decisions.Add(label);
            int day = market.Day(decided.Key.At);
            Metric metric = Enum.GetValues<Metric>().Single(m => m.RecursionTrigger() == label);
            if (Value(metric, market.Between(launch.Campaigns, Math.Max(0, day - 7), day)) is > 0 and var before
                && Value(metric, market.Between(launch.Campaigns, day + 7, day + 14)) is { } after)
            {
                improvements.Add((after - before) / before);
            }
        }

        return (decisions, improvements);
    }

    /// <summary>The metric over what was delivered: click-through for effectiveness (its benchmark cancels out of a change), leads, conversions per click, return on spend.</summary>
    private static double? Value(Metric metric, Delivered? delivered) => delivered switch
    {
        null => null,
        _ when metric == Metric.CampaignEffectiveness => delivered.Impressions > 0 ? (double)delivered.Clicks / delivered.Impressions : null,
        _ when metric == Metric.LeadGeneration => delivered.Leads,
        _ when metric == Metric.ConversionRate => delivered.Clicks > 0 ? (double)delivered.Conversions / delivered.Clicks : null,
        _ => delivered.Spend > 0 ? (double)(delivered.Value / delivered.Spend) : null,
    };

    /// <summary>
    /// Each rollback of the venture after launch: wall seconds from its start to the end of its
    /// stop (its second episode begins when every campaign has answered the pause), and what the
    /// campaigns could spend meanwhile by the market's clock.
    /// </summary>
    private (IReadOnlyList<double> Seconds, IReadOnlyList<decimal> Spent) Rollbacks(string id, IReadOnlyList<LaunchedCampaign> campaigns)
    {
        var seconds = new List<double>();
        var spent = new List<decimal>();
        foreach (string saga in clock.Instances(EvaluationInput.InstancePrefix(id), ":rollback"))
        {
            IReadOnlyList<Episode> episodes = clock.Of(saga);
            if (episodes.Count >= 2)
            {
                seconds.Add(EpisodeClock.Seconds(episodes[0], episodes[1]));
                spent.Add(campaigns.Sum(c => c.DailyBudget) * (decimal)(episodes[1].Market - episodes[0].Market).TotalDays);
            }
        }

        return (seconds, spent);
    }

    /// <summary>Click-through in the week after the pilots over their own week (launch to day 7), for the campaigns whose pilot promoted a winner and for those whose pilot kept the control.</summary>
    private async Task<PilotRatios?> PilotAsync(string id, IReadOnlyList<LaunchedCampaign> campaigns, MarketSnapshots market)
    {
        IReadOnlyList<AbTestRecord> tests = await runner.Service<AbTestStore>().ForVentureAsync(id, CancellationToken.None);
        double? Ratio(bool validated)
        {
            string[] chosen = [.. tests.Where(t => t.ServedVariantId is not null && (t.Status == AbTestRecord.StatusOf(AbTestOutcome.Winner)) == validated).Select(t => t.CampaignId)];
            LaunchedCampaign[] group = [.. campaigns.Where(c => chosen.Contains(c.CampaignId))];
            double? during = Value(Metric.CampaignEffectiveness, market.Between(group, 0, Window));
            double? after = Value(Metric.CampaignEffectiveness, market.Between(group, Window, 2 * Window));
            return during is > 0 && after is { } later ? later / during.Value : null;
        }

        return Ratio(validated: true) is { } validated && Ratio(validated: false) is { } unvalidated ? new PilotRatios(validated, unvalidated) : null;
    }
}
