using Gtm.Activities.Launch;
using Gtm.Channels;
using Gtm.Domain.Budgeting;
using Gtm.Domain.Monitoring;
using Gtm.Domain.Ventures;

namespace Gtm.Activities.Monitoring;

/// <summary>A launched venture to watch from now on.</summary>
public sealed record EnrolInput(VentureInputs Inputs, IReadOnlyList<LaunchedCampaign> Campaigns, string Currency, int ConfigVersion, double LeadsPerWeek);

/// <summary>One campaign's totals as its platform reported them at an evaluation.</summary>
public sealed record CampaignReading(string Channel, string PlatformCampaignId, ChannelMetrics Metrics)
{
    /// <summary>The campaigns' totals per channel; <paramref name="candidateOnly"/> counts only what a candidate creative brought.</summary>
    public static IReadOnlyList<ChannelTotals> PerChannel(IEnumerable<CampaignReading> readings, bool candidateOnly = false) =>
        [.. readings
            .Select(r => (r.Channel, Metrics: candidateOnly ? r.Metrics.Candidate : r.Metrics))
            .Where(r => r.Metrics is not null)
            .GroupBy(r => r.Channel)
            .Select(g => g.Select(r => new ChannelTotals(g.Key, r.Metrics!.Impressions, r.Metrics.Clicks, r.Metrics.Leads, r.Metrics.Conversions, r.Metrics.Spend, r.Metrics.ConversionValue)).Aggregate((a, b) => a.Plus(b)))];
}

public sealed record JudgeInput(string VentureId, DateTimeOffset Slot, IReadOnlyList<CampaignReading> Readings);

/// <summary>The evaluation as recorded, and what each channel did in the last day (the bandit's evidence).</summary>
public sealed record Judgement(EvaluationRecordView Evaluation, IReadOnlyList<ChannelTotals> LastDay)
{
    /// <summary>The evidence for an objective: conversions and their value, or leads counted as the conversions (GTM-002).</summary>
    public IReadOnlyList<ChannelEvidence> Evidence(bool leads) =>
        [.. LastDay.Select(c => new ChannelEvidence(c.Channel, c.Spend, leads ? c.Leads : c.Conversions, c.ConversionValue))];
}

/// <summary>What the orchestration needs of an evaluation record.</summary>
public sealed record EvaluationRecordView(DateTimeOffset Slot, int ConfigVersion, int ContentGeneration, IReadOnlyList<Decision> Decisions, Verdict Verdict);

public sealed record AllocateInput(string VentureId, string IdempotencyKey, IReadOnlyList<ChannelEvidence> Evidence, AllocationObjective Objective, bool Force, string Reason);

/// <summary>A new budget split committed as a configuration version, with each campaign's new daily budget.</summary>
public sealed record BudgetPlan(int Version, IReadOnlyList<ChannelAllocation> Shares, IReadOnlyList<CampaignChange> Changes);

/// <summary>A change to the monitoring row; null fields stay as they are.</summary>
public sealed record MonitoringChange(string VentureId, int? ConfigVersion = null, int? ContentGeneration = null, bool ClearRollout = false, bool? Paused = null, DateTimeOffset? AdvancePast = null);
