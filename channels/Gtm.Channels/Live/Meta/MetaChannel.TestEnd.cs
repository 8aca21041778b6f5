using System.Text.Json.Nodes;

namespace Gtm.Channels.Live.Meta;

/// <summary>Ending an A/B test: Meta keeps no winner of a split test the product ends, so what is served is read from the campaign's ad.</summary>
internal sealed partial class MetaChannel
{
    /// <summary>
    /// Points the campaign's ad at the winning variant's creative (for a variant), then ends the
    /// study (its end time set to now) and pauses the copies, in that order, so an ending retried
    /// halfway finishes the same way. An ended test serves what its ad's creative is: ending it
    /// again with that variant changes nothing, with another is refused.
    /// </summary>
    public async Task<PlatformCampaign> EndExperimentAsync(string platformCampaignId, string testId, string variantId, CancellationToken cancellation)
    {
        string id = Checked(platformCampaignId);
        (MetaStudy study, MetaTestRecord record) = await StudyAsync(id, testId, cancellation).ConfigureAwait(false);
        if (!record.Variants.Contains(variantId) || study.Cell(variantId) is null)
        {
            throw new ChannelRefusedException(Channel, $"experiment {testId} has no variant '{variantId}'; its variants are {string.Join(", ", record.Variants)}");
        }

        string current = await AdCreativeAsync(record.ControlAdId, cancellation).ConfigureAwait(false);
        Dictionary<string, string> creatives = await VariantCreativesAsync(id, testId, study, record, cancellation).ConfigureAwait(false);
        string served = record.Variants.Skip(1).FirstOrDefault(v => creatives.GetValueOrDefault(v) == current) ?? record.Variants[0];
        bool ended = !study.Running(time.GetUtcNow()) && study.Copies.All(c => c.Status == "PAUSED");
        if (ended && served != variantId)
        {
            throw new ChannelRefusedException(Channel, $"experiment {testId} already ended serving {served}");
        }

        if (!ended)
        {
            string target = variantId == record.Variants[0] ? record.ControlCreativeId
                : creatives.TryGetValue(variantId, out string? made) ? made
                : throw new ChannelRefusedException(Channel, $"experiment {testId}'s ad for variant {variantId} is gone from its ad set, so its creative cannot be served");
            if (target != current)
            {
                var creative = new JsonObject { ["creative_id"] = target };
                await api.PostAsync(record.ControlAdId, new Dictionary<string, string> { ["creative"] = creative.ToJsonString() }, cancellation).ConfigureAwait(false);
            }

            if (study.Running(time.GetUtcNow()))
            {
                await api.PostAsync(study.Id, new Dictionary<string, string> { ["end_time"] = MetaApi.Seconds(time.GetUtcNow()) }, cancellation).ConfigureAwait(false);
            }

            foreach (MetaAdSet copy in study.Copies.Where(c => c.Status != "PAUSED"))
            {
                await api.PostAsync(copy.Id, new Dictionary<string, string> { ["status"] = "PAUSED" }, cancellation).ConfigureAwait(false);
            }
        }

        PlatformCampaign campaign = await GetAsync(id, cancellation).ConfigureAwait(false);
        return campaign with { Served = new Dictionary<string, string>(StringComparer.Ordinal) { [record.Element] = variantId } };
    }

    /// <summary>The creative an ad serves.</summary>
    private async Task<string> AdCreativeAsync(string adId, CancellationToken cancellation)
    {
        JsonNode ad = await api.GetAsync(adId, new Dictionary<string, string> { ["fields"] = "id,creative" }, cancellation).ConfigureAwait(false);
        return ad["creative"]?["id"]?.ToString() ?? throw new ChannelException(Channel, $"ad {adId} was read without its creative");
    }

    /// <summary>Per variant but the control, the creative of its ad in its cell's ad set; a variant whose ad is gone is left out.</summary>
    private async Task<Dictionary<string, string>> VariantCreativesAsync(string campaignId, string testId, MetaStudy study, MetaTestRecord record, CancellationToken cancellation)
    {
        var creatives = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string variant in record.Variants.Skip(1))
        {
            string name = MetaTestNames.Variant(campaignId, testId, variant);
            foreach (MetaAdSet adSet in study.Cell(variant)?.AdSets ?? [])
            {
                IReadOnlyList<JsonNode> ads = await api.ListAsync($"{adSet.Id}/ads", new Dictionary<string, string> { ["fields"] = "id,name,status,creative" }, cancellation).ConfigureAwait(false);
                if (ads.FirstOrDefault(a => a["name"]?.ToString() == name && a["status"]?.ToString() is "ACTIVE" or "PAUSED")?["creative"]?["id"]?.ToString() is { } creative)
                {
                    creatives[variant] = creative;
                    break;
                }
            }
        }

        return creatives;
    }
}
