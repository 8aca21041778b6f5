using Gtm.Activities.Experiments;
using Gtm.Activities.Launch;
using Gtm.Channels;
using Gtm.Domain.Content;
using Gtm.Domain.Experiments;
using Gtm.Domain.Ventures;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.Orchestrations;

/// <param name="WindowDays">Market days the test runs at least (the minimum duration), a durable timer.</param>
/// <param name="TimeScale">Market seconds per wall second (<c>Gtm:TimeScale</c>), given by the caller so replays see the same timers.</param>
public sealed record AbTestInput(
    string VentureId,
    string TestId,
    LaunchedCampaign Campaign,
    MarketStrategy Strategy,
    CustomerSegment Segment,
    string Element,
    IReadOnlyList<ExperimentVariant> Variants,
    double PilotShare,
    double WindowDays,
    AbTestRules Rules,
    double TimeScale = 1);

/// <summary>
/// An A/B test of one element on one campaign (SPEC C8): the variants split a pilot share of the
/// audience by hash, the rest sees the control; the results are read and stored every market day
/// of the window (a sample-ratio mismatch stops the test at once); when the window closes the
/// winner at 95 % to beat the control is promoted to the whole audience, otherwise the control
/// stays. The verdict is recorded with the winner's copy pattern, which the content generator
/// puts first for the next venture of the same segment type and channel. A test whose calls fail
/// for good ends with the control and is recorded failed, so a new test can start on the campaign.
/// </summary>
public sealed class AbTest : TaskOrchestrator<AbTestInput, AbTestRecord>
{
    [Function(nameof(AbTest))]
    public static Task<AbTestRecord> Run([OrchestrationTrigger] TaskOrchestrationContext context) => new AbTest().RunAsync(context, context.GetInput<AbTestInput>()!);

    private static readonly TaskOptions Retry = ActivityRetry.Standard;

    public override async Task<AbTestRecord> RunAsync(TaskOrchestrationContext context, AbTestInput input)
    {
        LaunchedCampaign campaign = input.Campaign;
        DateTime started = context.CurrentUtcDateTime;
        TimeSpan marketDay = TimeSpan.FromDays(1 / input.TimeScale);
        DateTime windowEnds = started + (marketDay * input.WindowDays);
        var record = new AbTestRecord(input.TestId, input.VentureId, campaign.CampaignId, campaign.Channel, input.Segment.Type, input.Element, input.Variants,
            input.PilotShare, UtcTime.Of(started), UtcTime.Of(windowEnds), AbTestRecord.StatusOf(AbTestOutcome.Running), null, null, null, UtcTime.Of(started));
        await context.CallActivityAsync<bool>(nameof(RecordAbTest), record, Retry);
        try
        {
            await context.CallActivityAsync<PlatformCampaign>(nameof(StartExperiment), new StartExperimentInput(
                campaign.Channel, campaign.PlatformCampaignId, new ExperimentSpec(input.TestId, input.Element, input.Variants, input.PilotShare)), Retry);

            AbTestVerdict verdict;
            do
            {
                DateTime next = context.CurrentUtcDateTime + marketDay;
                await context.CreateTimer(next < windowEnds ? next : windowEnds, CancellationToken.None);
                ExperimentMetrics metrics = await context.CallActivityAsync<ExperimentMetrics>(nameof(ReadExperiment), new ReadExperimentInput(campaign.Channel, campaign.PlatformCampaignId, input.TestId), Retry);
                verdict = AbTestAnalysis.Evaluate([.. metrics.Arms.Select(a => new VariantCounts(a.VariantId, a.Exposures, a.Conversions))], IntendedShares(metrics), input.Rules, context.CurrentUtcDateTime >= windowEnds);
                record = record with { Status = AbTestRecord.StatusOf(verdict.Outcome), Verdict = verdict, UpdatedAt = UtcTime.Of(context.CurrentUtcDateTime) };
                if (verdict.Outcome == AbTestOutcome.Running)
                {
                    await context.CallActivityAsync<bool>(nameof(RecordAbTest), record, Retry);
                }
            }
            while (verdict.Outcome == AbTestOutcome.Running);

            // Inconclusive or untrustworthy: the control keeps the whole audience.
            ExperimentVariant served = input.Variants.FirstOrDefault(v => v.Id == verdict.WinnerVariantId) ?? input.Variants[0];
            await context.CallActivityAsync<PlatformCampaign>(nameof(EndExperiment), new EndExperimentInput(campaign.Channel, campaign.PlatformCampaignId, input.TestId, served.Id), Retry);
            string? pattern = verdict.Outcome == AbTestOutcome.Winner ? CopyPattern.Extract(served.Text, input.Strategy, input.Segment) : null;
            record = record with { ServedVariantId = served.Id, WinnerPattern = pattern };
            await context.CallActivityAsync<bool>(nameof(RecordAbTest), record, Retry);
            return record;
        }
        catch (TaskFailedException ex)
        {
            // The test holds its campaign no more: the control keeps the audience and the record says why.
            await EndQuietlyAsync(context, new EndExperimentInput(campaign.Channel, campaign.PlatformCampaignId, input.TestId, input.Variants[0].Id));
            await context.CallActivityAsync<bool>(nameof(RecordAbTest), record with { Status = AbTestRecord.FailedStatus, UpdatedAt = UtcTime.Of(context.CurrentUtcDateTime) }, Retry);
            throw new InvalidOperationException($"A/B test {input.TestId} failed: {ex.FailureDetails.ErrorMessage}", ex);
        }
    }

    /// <summary>The share each arm is meant to get: the platform's own split where it gives one, an even split of the pilot otherwise.</summary>
    private static double[] IntendedShares(ExperimentMetrics metrics) =>
        metrics.Arms.All(a => a.Share is > 0)
            ? [.. metrics.Arms.Select(a => a.Share!.Value / metrics.Arms.Sum(b => b.Share!.Value))]
            : [.. metrics.Arms.Select(_ => 1.0 / metrics.Arms.Count)];

    private static async Task EndQuietlyAsync(TaskOrchestrationContext context, EndExperimentInput end)
    {
        try
        {
            await context.CallActivityAsync<PlatformCampaign>(nameof(EndExperiment), end, Retry);
        }
        catch (TaskFailedException)
        {
            // The experiment never started, or the platform ended it: nothing is left serving a variant.
        }
    }
}
