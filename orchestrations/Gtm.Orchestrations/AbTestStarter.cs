using System.Text.Json;
using Gtm.Activities.Experiments;
using Gtm.Activities.Launch;
using Gtm.Activities.Storage;
using Gtm.Channels;
using Gtm.Domain.Content;
using Gtm.Domain.Experiments;
using Gtm.Domain.Monitoring;
using Gtm.Domain.Ventures;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Gtm.Orchestrations;

/// <summary>What came of asking for an A/B test: started, or why not (the API answers each differently).</summary>
public abstract record AbTestStart
{
    public sealed record Started(string TestId) : AbTestStart;

    public sealed record NotLive : AbTestStart;

    public sealed record NoCampaign : AbTestStart;

    /// <summary>The campaign has no element of that kind with two or more variants; <see cref="Elements"/> are the ones it has.</summary>
    public sealed record NoElement(IReadOnlyList<string> Elements) : AbTestStart;

    /// <summary>Another test holds the campaign (platforms run one at a time).</summary>
    public sealed record Busy(string TestId, string Element) : AbTestStart;
}

/// <summary>
/// Starts an A/B test of a live campaign, for the operator's API and for the exit gate's pilot.
/// One test per campaign at a time: the test's id is the campaign's next test number, and its
/// record is added (never overwritten) before its orchestration starts, so of two requests at
/// the same instant one adds it and the other is turned away. A test recorded as running whose
/// orchestration failed or was terminated is marked failed and its platform experiment ended
/// with the control, so it no longer holds the campaign; a rollback stops a venture's running tests.
/// </summary>
public sealed partial class AbTestStarter(AbTestStore tests, MonitoringStore monitoring, ContentStore contents, ChannelAdapters channels, MarketClock clock, TimeProvider time, ILogger<AbTestStarter> logger)
{
    /// <summary>How long a running record may wait for its orchestration to appear before it counts as abandoned.</summary>
    private static readonly TimeSpan StartGrace = TimeSpan.FromMinutes(1);

    /// <param name="element">The element to test; null for the campaign's first with two or more variants (the exit gate's pilot).</param>
    public async Task<AbTestStart> StartAsync(DurableTaskClient client, string ventureId, string campaignId, string? element, double pilotShare, double windowDays, AbTestRules rules, CancellationToken cancellation)
    {
        if (await monitoring.GetAsync(ventureId, cancellation).ConfigureAwait(false) is not { } live)
        {
            return new AbTestStart.NotLive();
        }

        LaunchedCampaign? campaign = JsonSerializer.Deserialize<List<LaunchedCampaign>>(live.CampaignsJson, ContractJson.Options)!.FirstOrDefault(c => c.CampaignId == campaignId);
        CampaignContent? content = campaign is null ? null : await contents.GetAsync(ventureId, campaign.CampaignId, live.ContentGeneration, cancellation).ConfigureAwait(false);
        if (campaign is null || content is null)
        {
            return new AbTestStart.NoCampaign();
        }

        if (content.Elements.FirstOrDefault(e => (element is null || e.Kind == element) && e.Variants.Count >= 2) is not { } tested)
        {
            return new AbTestStart.NoElement([.. content.Elements.Select(e => e.Kind)]);
        }

        IReadOnlyList<AbTestRecord> earlier = [.. (await tests.ForVentureAsync(ventureId, cancellation).ConfigureAwait(false)).Where(t => t.CampaignId == campaignId)];
        foreach (AbTestRecord running in earlier.Where(t => t.Status == AbTestRecord.StatusOf(AbTestOutcome.Running)))
        {
            if (!await AbandonedAsync(client, running, cancellation).ConfigureAwait(false))
            {
                return new AbTestStart.Busy(running.TestId, running.Element);
            }

            await EndAsync(campaign, running, AbTestRecord.FailedStatus, "its orchestration failed or was terminated", cancellation).ConfigureAwait(false);
        }

        VentureInputs inputs = JsonSerializer.Deserialize<VentureInputs>(live.InputsJson, ContractJson.Options)!;
        string testId = $"ab-{campaign.CampaignId}-{earlier.Count + 1}";
        ExperimentVariant[] variants = [.. tested.Variants.Select(v => new ExperimentVariant(v.Id, v.Text))];
        DateTimeOffset now = time.GetUtcNow();
        var claim = new AbTestRecord(testId, ventureId, campaign.CampaignId, campaign.Channel, inputs.MarketStrategy.SegmentType, tested.Kind, variants, pilotShare,
            now, now + TimeSpan.FromDays(windowDays / clock.Scale), AbTestRecord.StatusOf(AbTestOutcome.Running), null, null, null, now);
        if (!await tests.AddAsync(claim, cancellation).ConfigureAwait(false))
        {
            return new AbTestStart.Busy(testId, tested.Kind);
        }

        var input = new AbTestInput(ventureId, testId, campaign, inputs.MarketStrategy, inputs.CustomerSegments.Single(s => s.Id == content.SegmentId), tested.Kind,
            variants, pilotShare, windowDays, rules, clock.Scale);
        await client.ScheduleNewOrchestrationInstanceAsync(nameof(AbTest), input, new StartOrchestrationOptions(testId), cancellation).ConfigureAwait(false);
        return new AbTestStart.Started(testId);
    }

    /// <summary>Whether a test recorded as running has no orchestration left to finish it.</summary>
    private async Task<bool> AbandonedAsync(DurableTaskClient client, AbTestRecord running, CancellationToken cancellation)
    {
        OrchestrationMetadata? instance = await client.GetInstanceAsync(running.TestId, cancellation).ConfigureAwait(false);
        return instance?.RuntimeStatus is OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated
            || (instance is null && time.GetUtcNow() - running.UpdatedAt > StartGrace);
    }

    /// <summary>
    /// Stops every test of the venture still running (a rollback restores a version, and its
    /// control serves everyone again): each orchestration is terminated, its experiment ended with
    /// the control and its record marked stopped. Answers how many were stopped.
    /// </summary>
    public async Task<int> StopRunningAsync(DurableTaskClient client, string ventureId, string reason, CancellationToken cancellation)
    {
        IReadOnlyList<LaunchedCampaign> campaigns = await monitoring.GetAsync(ventureId, cancellation).ConfigureAwait(false) is { } live
            ? JsonSerializer.Deserialize<List<LaunchedCampaign>>(live.CampaignsJson, ContractJson.Options)!
            : [];
        int stopped = 0;
        foreach (AbTestRecord running in (await tests.ForVentureAsync(ventureId, cancellation).ConfigureAwait(false)).Where(t => t.Status == AbTestRecord.StatusOf(AbTestOutcome.Running)))
        {
            if (await client.GetInstanceAsync(running.TestId, cancellation).ConfigureAwait(false) is { IsRunning: true } or { RuntimeStatus: OrchestrationRuntimeStatus.Pending })
            {
                await client.TerminateInstanceAsync(running.TestId, reason, cancellation).ConfigureAwait(false);
            }

            if (campaigns.FirstOrDefault(c => c.CampaignId == running.CampaignId) is { } campaign)
            {
                await EndAsync(campaign, running, AbTestRecord.StoppedStatus, reason, cancellation).ConfigureAwait(false);
                stopped++;
            }
        }

        return stopped;
    }

    /// <summary>Ends the test's platform experiment with the control and records it with <paramref name="status"/>; a platform that no longer knows the experiment is fine.</summary>
    private async Task EndAsync(LaunchedCampaign campaign, AbTestRecord test, string status, string why, CancellationToken cancellation)
    {
        try
        {
            await channels.For(campaign.Channel).EndExperimentAsync(campaign.PlatformCampaignId, test.TestId, test.Variants[0].Id, cancellation).ConfigureAwait(false);
        }
        catch (ChannelRefusedException ex)
        {
            LogNotEnded(logger, test.TestId, ex.Message);
        }

        await tests.SaveAsync(test with { Status = status, UpdatedAt = time.GetUtcNow() }, cancellation).ConfigureAwait(false);
        LogEnded(logger, test.TestId, status, why);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A/B test {TestId} marked {Status}: {Why}")]
    private static partial void LogEnded(ILogger logger, string testId, string status, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "A/B test {TestId}: the platform had no experiment to end ({Reason})")]
    private static partial void LogNotEnded(ILogger logger, string testId, string reason);
}
