namespace Gtm.Channels.Live.Meta;

/// <summary>
/// A/B tests. Meta runs them as ad studies (<c>POST act_{id}/ad_studies</c>, type SPLIT_TEST) whose
/// cells are ad sets, each serving its own ads; this client does not make ad sets, ads or
/// creatives for a variant yet, so every experiment is refused with that reason, which the
/// orchestrations do not retry.
/// </summary>
internal sealed partial class MetaChannel
{
    private const string NoSplitTests = "this Meta client switches the content team's ads but does not yet make the ad set copies and ads a split test needs";

    public Task<PlatformCampaign> StartExperimentAsync(string platformCampaignId, ExperimentSpec spec, CancellationToken cancellation) =>
        throw new ChannelRefusedException(Channel, $"experiment {spec.TestId} refused: {NoSplitTests}");

    public Task<ExperimentMetrics> ReadExperimentAsync(string platformCampaignId, string testId, CancellationToken cancellation) =>
        throw new ChannelRefusedException(Channel, $"experiment {testId} does not exist: {NoSplitTests}");

    public Task<PlatformCampaign> EndExperimentAsync(string platformCampaignId, string testId, string variantId, CancellationToken cancellation) =>
        throw new ChannelRefusedException(Channel, $"experiment {testId} does not exist: {NoSplitTests}");
}
