namespace Gtm.Channels.Live.GoogleAds;

/// <summary>
/// Creatives and A/B tests. Google Ads has campaign experiments (a treatment arm with a traffic
/// split) and ad variations, but both change the campaign's ads, and this client provisions a
/// campaign and its budget only, no ad groups or ads: there is nothing for a variant's text to go
/// into. So the launch creative is accepted (it is what the campaign serves) and every split,
/// rolled-out version or experiment is refused with that reason, which the orchestrations do not
/// retry.
/// </summary>
internal sealed partial class GoogleAdsChannel
{
    private const string NoAds = "this Google Ads client manages campaigns and budgets, not ads, so it cannot serve another creative or run an experiment";

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
