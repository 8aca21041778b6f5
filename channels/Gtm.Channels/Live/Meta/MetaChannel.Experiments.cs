namespace Gtm.Channels.Live.Meta;

/// <summary>
/// Creatives and A/B tests. Meta runs A/B tests as ad studies (<c>POST act_{id}/ad_studies</c>,
/// type SPLIT_TEST) whose cells are ad sets or campaigns, each serving its own ads; and a
/// creative is switched by pausing one ad and activating another. This client creates the
/// campaign and its budget only, no ad sets, ads or creatives (those need a Page, assets and
/// targeting this product does not hold), so there is no ad for a variant's text to go into and
/// no ad set for a cell. The launch creative is accepted (it is what the campaign serves); every
/// other split and every experiment is refused with that reason, which the orchestrations do not
/// retry.
/// </summary>
internal sealed partial class MetaChannel
{
    private const string NoAds = "this Meta client manages campaigns and budgets, not ad sets or ads, so it cannot serve another creative or run a split test";

    public async Task<PlatformCampaign> SetCreativesAsync(string platformCampaignId, CreativeSplit split, CancellationToken cancellation) =>
        split == CreativeSplit.Launch
            ? await GetAsync(platformCampaignId, cancellation).ConfigureAwait(false)
            : throw new ChannelRefusedException(Channel, $"creatives {split.Current}/{split.Candidate} refused: {NoAds}");

    public Task<PlatformCampaign> StartExperimentAsync(string platformCampaignId, ExperimentSpec spec, CancellationToken cancellation) =>
        throw new ChannelRefusedException(Channel, $"experiment {spec.TestId} refused: {NoAds}");

    public Task<ExperimentMetrics> ReadExperimentAsync(string platformCampaignId, string testId, CancellationToken cancellation) =>
        throw new ChannelRefusedException(Channel, $"experiment {testId} does not exist: {NoAds}");

    public Task<PlatformCampaign> EndExperimentAsync(string platformCampaignId, string testId, string variantId, CancellationToken cancellation) =>
        throw new ChannelRefusedException(Channel, $"experiment {testId} does not exist: {NoAds}");
}
