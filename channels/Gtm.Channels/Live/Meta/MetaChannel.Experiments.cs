using System.Text.Json.Nodes;

namespace Gtm.Channels.Live.Meta;

/// <summary>
/// A/B tests as Meta split tests (ad studies of type SPLIT_TEST), whose cells are ad sets: the
/// control's cell is the ad set of the campaign's serving ad, as it is; each other variant's cell
/// a paused copy of that ad set (<c>POST /{adset_id}/copies</c>) holding one ad whose creative is
/// the control's with the element under test replaced (see <see cref="MetaVariantCreative"/>). The
/// copies are activated once the study exists. Meta splits the whole audience among the cells, so
/// each variant's cell has its part of the pilot share and the control's cell everyone else (see
/// <see cref="MetaStudy.Percentages"/>). Ending the test ends the study, pauses the copies and,
/// when a variant won, points the campaign's ad at that variant's creative.
/// </summary>
internal sealed partial class MetaChannel
{
    /// <summary>How long a study is set to run: past the longest test the product runs (60 market days), which ends it itself.</summary>
    private static readonly TimeSpan StudyLength = TimeSpan.FromDays(90);

    /// <summary>
    /// Starting the same test again finds its study and changes nothing (but activating copies an
    /// attempt cut short left paused); another test of the campaign is refused while its study runs.
    /// </summary>
    public async Task<PlatformCampaign> StartExperimentAsync(string platformCampaignId, ExperimentSpec spec, CancellationToken cancellation)
    {
        string id = Checked(platformCampaignId);
        Validate(spec);
        IReadOnlyList<int> percentages = MetaStudy.Percentages(Channel, spec);
        IReadOnlyList<MetaStudy> studies = await StudiesAsync(id, cancellation).ConfigureAwait(false);
        DateTimeOffset now = time.GetUtcNow();
        if (studies.FirstOrDefault(s => s.Name == MetaTestNames.Study(id, spec.TestId)) is { } started)
        {
            if (started.Running(now))
            {
                await ActivateCopiesAsync(started, cancellation).ConfigureAwait(false);
            }

            return await GetAsync(id, cancellation).ConfigureAwait(false);
        }

        if (studies.FirstOrDefault(s => s.Running(now)) is { } running)
        {
            throw new ChannelRefusedException(Channel, $"campaign {id} already runs experiment {running.Name[MetaTestNames.CampaignStudies(id).Length..]} (Meta study {running.Id})");
        }

        MetaStudy study = await SetUpAsync(id, spec, percentages, cancellation).ConfigureAwait(false);
        await ActivateCopiesAsync(study, cancellation).ConfigureAwait(false);
        return await GetAsync(id, cancellation).ConfigureAwait(false);
    }

    /// <summary>
    /// Impressions as exposures and clicks as conversions per variant, each cell's ad sets' lifetime
    /// totals (<c>level=adset</c>), less what the control's ad set had before the test began. Once
    /// the study has ended, that ad set serves everyone, and its counts go on growing.
    /// </summary>
    public async Task<ExperimentMetrics> ReadExperimentAsync(string platformCampaignId, string testId, CancellationToken cancellation)
    {
        string id = Checked(platformCampaignId);
        (MetaStudy study, MetaTestRecord record) = await StudyAsync(id, testId, cancellation).ConfigureAwait(false);
        string[] adSets = [.. study.Cells.SelectMany(c => c.AdSets).Select(a => a.Id).Distinct()];
        var query = new Dictionary<string, string>
        {
            ["level"] = "adset",
            ["fields"] = "adset_id,impressions,clicks",
            ["date_preset"] = "maximum",
            ["filtering"] = new JsonArray(new JsonObject { ["field"] = "adset.id", ["operator"] = "IN", ["value"] = new JsonArray([.. adSets.Select(a => (JsonNode)a)]) }).ToJsonString(),
        };
        IReadOnlyList<JsonNode> rows = await api.ListAsync($"{id}/insights", query, cancellation).ConfigureAwait(false);
        ExperimentArm Arm(string variant)
        {
            MetaStudyCell? cell = study.Cell(variant);
            long Total(string field) => rows.Where(r => cell?.AdSets.Any(a => a.Id == r["adset_id"]?.ToString()) == true).Sum(r => MetaApi.Int64(r[field]));
            double? share = cell is null ? null : cell.TreatmentPercentage / 100.0;
            return variant == record.Variants[0]
                ? new ExperimentArm(variant, Math.Max(0, Total("impressions") - record.ImpressionsBefore), Math.Max(0, Total("clicks") - record.ClicksBefore), share)
                : new ExperimentArm(variant, Total("impressions"), Total("clicks"), share);
        }

        DateTimeOffset now = time.GetUtcNow();
        return new ExperimentMetrics(testId, record.Element, [.. record.Variants.Select(Arm)], study.Running(now), now);
    }

    private void Validate(ExperimentSpec spec)
    {
        if (!MetaTestNames.IsNameable(spec.TestId) || spec.Variants.Count < 2 || spec.Variants.Any(v => !MetaTestNames.IsNameable(v.Id) || string.IsNullOrWhiteSpace(v.Text))
            || spec.Variants.Select(v => v.Id).Distinct(StringComparer.Ordinal).Count() != spec.Variants.Count || spec.PilotShare is not (> 0 and <= 1))
        {
            throw new ChannelRefusedException(Channel, $"experiment '{spec.TestId}' needs an id without spaces, 2 or more variants with distinct ids without spaces and some text, and a pilot share within 0 (excluded) to 1, not {spec.Variants.Count} variants ({string.Join(", ", spec.Variants.Select(v => $"'{v.Id}'"))}) and {spec.PilotShare}");
        }

        MetaVariantCreative.Validate(Channel, spec);
    }

    /// <summary>The studies of the campaign's tests, found by name among the ad account's.</summary>
    private async Task<IReadOnlyList<MetaStudy>> StudiesAsync(string campaignId, CancellationToken cancellation)
    {
        IReadOnlyList<JsonNode> all = await api.ListAsync($"{api.AdAccount}/ad_studies", new Dictionary<string, string> { ["fields"] = MetaStudy.Fields }, cancellation).ConfigureAwait(false);
        return [.. all.Select(MetaStudy.Read).Where(s => s.Name.StartsWith(MetaTestNames.CampaignStudies(campaignId), StringComparison.Ordinal))];
    }

    private async Task<(MetaStudy Study, MetaTestRecord Record)> StudyAsync(string campaignId, string testId, CancellationToken cancellation)
    {
        MetaStudy? study = (await StudiesAsync(campaignId, cancellation).ConfigureAwait(false)).FirstOrDefault(s => s.Name == MetaTestNames.Study(campaignId, testId));
        return study switch
        {
            null => throw new ChannelRefusedException(Channel, $"campaign {campaignId} has no experiment {testId} (no Meta study named '{MetaTestNames.Study(campaignId, testId)}')"),
            { Record: null } => throw new ChannelRefusedException(Channel, $"Meta study {study.Id} of experiment {testId} has lost the product's record of the test from its description"),
            _ => (study, study.Record),
        };
    }
}
