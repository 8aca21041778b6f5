using System.Text.Json;
using Gtm.Activities.Launch;
using Gtm.Activities.Storage;
using Gtm.Domain.Content;
using Gtm.Domain.Contracts;
using Gtm.Domain.Feedback;
using Gtm.Domain.Planning;
using Gtm.Domain.Ventures;

namespace Gtm.Functions.Feedback;

/// <summary>
/// Finds what a survey answer is about: the venture (its row in Ventures), one of the campaigns it
/// launched, and a variant of that campaign's content. Any stored generation of the content counts,
/// since a respondent may have seen the content before a recursion or a rollback changed it; when a
/// variant id is in several generations, the live generation's text is the one meant (the
/// monitored venture's, the launch content if it is not monitored), otherwise the newest that has it.
/// The segment type comes from the venture's configuration version (its KPIs per segment).
/// </summary>
public sealed class SurveyedContentLookup(VentureStore ventures, ConfigVersionStore versions, ContentStore contents, MonitoringStore monitoring)
{
    /// <summary>The venture's launched campaigns: null when there is no such venture, empty before its launch.</summary>
    public async Task<IReadOnlyList<LaunchedCampaign>?> CampaignsAsync(string ventureId, CancellationToken cancellation) =>
        await VentureAsync(ventureId, cancellation) is { } venture ? Campaigns(venture) : null;

    /// <summary>The content answered about, or what is unknown (with its pointer into the body).</summary>
    public async Task<(SurveyedContent? Content, ContractError? Unknown)> FindAsync(SurveyResponse response, CancellationToken cancellation)
    {
        VentureRecord? venture = await VentureAsync(response.VentureId, cancellation);
        List<LaunchedCampaign> campaigns = venture is null ? [] : Campaigns(venture);
        if (venture is null || campaigns.Count == 0)
        {
            return (null, new ContractError("/venture_id", venture is null
                ? $"No venture '{response.VentureId}' has been through Stage 17."
                : $"Venture '{response.VentureId}' has launched no campaign yet."));
        }

        if (!campaigns.Any(c => c.CampaignId == response.CampaignId))
        {
            return (null, new ContractError("/campaign_id", $"Venture '{response.VentureId}' has no campaign '{response.CampaignId}'."));
        }

        IReadOnlyList<(int Generation, CampaignContent Content)> generations = await contents.GenerationsAsync(response.VentureId, response.CampaignId, cancellation);
        MonitoredVenture? monitored = await monitoring.GetAsync(response.VentureId, cancellation);
        int live = monitored?.ContentGeneration ?? 1;
        VentureInputs? inputs = monitored is null ? null : JsonSerializer.Deserialize<VentureInputs>(monitored.InputsJson, ContractJson.Options);
        foreach ((int generation, CampaignContent content) in generations.OrderByDescending(g => g.Generation == live).ThenByDescending(g => g.Generation))
        {
            foreach (ContentElement element in content.Elements)
            {
                if (element.Variants.FirstOrDefault(v => v.Id == response.VariantId) is { } variant)
                {
                    string segmentType = await SegmentTypeAsync(venture, content.SegmentId, cancellation);
                    CustomerSegment? segment = inputs?.CustomerSegments.FirstOrDefault(s => s.Id == content.SegmentId);
                    string pattern = segment is null ? variant.Text : CopyPattern.Extract(variant.Text, inputs!.MarketStrategy, segment);
                    return (new SurveyedContent(content.Channel, segmentType, generation, element.Kind, variant.Text, pattern), null);
                }
            }
        }

        return (null, new ContractError("/variant_id", $"Campaign '{response.CampaignId}' has no variant '{response.VariantId}' in any generation of its content."));
    }

    private async Task<VentureRecord?> VentureAsync(string ventureId, CancellationToken cancellation) =>
        UsableKey(ventureId) ? await ventures.GetAsync(ventureId, cancellation) : null;

    private static List<LaunchedCampaign> Campaigns(VentureRecord venture) =>
        venture.CampaignsJson is { } json ? JsonSerializer.Deserialize<List<LaunchedCampaign>>(json, ContractJson.Options)! : [];

    private async Task<string> SegmentTypeAsync(VentureRecord venture, string segmentId, CancellationToken cancellation)
    {
        ConfigVersion config = await versions.GetAsync(venture.VentureId, venture.ConfigVersion ?? 1, cancellation)
            ?? throw new InvalidOperationException($"Venture '{venture.VentureId}' has no configuration version {venture.ConfigVersion}.");
        GtmConfigDocument document = JsonSerializer.Deserialize<GtmConfigDocument>(config.ConfigJson, ContractJson.Options)!;
        return document.Kpis.FirstOrDefault(k => k.SegmentId == segmentId)?.SegmentType
            ?? throw new InvalidOperationException($"Venture '{venture.VentureId}' configuration v{config.Version} has no segment '{segmentId}'.");
    }

    /// <summary>Ids table keys cannot hold are no venture's (the storage would refuse the look-up itself).</summary>
    private static bool UsableKey(string id) => id.IndexOfAny(['/', '\\', '#', '?']) < 0 && !id.Any(char.IsControl);
}
