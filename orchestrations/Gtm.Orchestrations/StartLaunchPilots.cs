using Gtm.Activities.Launch;
using Gtm.Domain.Experiments;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Gtm.Orchestrations;

public sealed record LaunchPilotsInput(string VentureId, IReadOnlyList<LaunchedCampaign> Campaigns, AbPilot Pilot);

/// <summary>A pilot started on a campaign, or why none was.</summary>
public sealed record LaunchPilot(string CampaignId, string? TestId, string? NotStarted);

/// <summary>
/// The exit gate's A/B pilot (SPEC C4): on each launched campaign, its first element with two or
/// more variants is tested on the venture's pilot share for its window. Each test is an
/// orchestration of its own, started here rather than as a sub-orchestration, so the launch and
/// the Stage 18 handoff do not wait the window out. A campaign already testing (this activity
/// retried, or an operator's test) keeps its test. An activity beside the orchestrations, as it
/// starts them.
/// </summary>
public sealed class StartLaunchPilots(AbTestStarter starter)
{
    [Function(nameof(StartLaunchPilots))]
    public async Task<IReadOnlyList<LaunchPilot>> Run([ActivityTrigger] LaunchPilotsInput input, [DurableClient] DurableTaskClient client, CancellationToken cancellation)
    {
        var pilots = new List<LaunchPilot>();
        foreach (LaunchedCampaign campaign in input.Campaigns)
        {
            AbTestStart start = await starter.StartAsync(client, input.VentureId, campaign.CampaignId, element: null, input.Pilot.Share, input.Pilot.WindowDays, new AbTestRules(), cancellation);
            pilots.Add(start switch
            {
                AbTestStart.Started started => new LaunchPilot(campaign.CampaignId, started.TestId, null),
                AbTestStart.Busy busy => new LaunchPilot(campaign.CampaignId, busy.TestId, null),
                AbTestStart.NoElement => new LaunchPilot(campaign.CampaignId, null, "no element with two or more variants"),
                _ => new LaunchPilot(campaign.CampaignId, null, $"not live ({start.GetType().Name})"),
            });
        }

        return pilots;
    }
}
