using System.Text.Json.Nodes;
using Gtm.Channels.Live.Creatives;

namespace Gtm.Channels.Live.Meta;

/// <summary>
/// What starting an A/B test makes on Meta, each thing sent once and named (see
/// <see cref="MetaTestNames"/>): a start retried after a partial failure finds by name what an
/// earlier attempt made before making anything again, and a create whose answer was lost is
/// looked up by its name.
/// </summary>
internal sealed partial class MetaChannel
{
    /// <summary>A study starts a minute ahead, so that its start is not already past when Meta receives it.</summary>
    private static readonly TimeSpan StudyLead = TimeSpan.FromMinutes(1);

    private async Task<MetaStudy> SetUpAsync(string campaignId, ExperimentSpec spec, IReadOnlyList<int> percentages, CancellationToken cancellation)
    {
        IReadOnlyList<JsonNode> ads = await AdsAsync(campaignId, cancellation).ConfigureAwait(false);
        (MetaTestRecord record, JsonObject storySpec) = await ControlAsync(campaignId, spec, ads, cancellation).ConfigureAwait(false);
        string adSet = record.ControlAdSetId;
        string studyName = MetaTestNames.Study(campaignId, spec.TestId);
        IReadOnlyList<JsonNode> copies = await NamedAsync($"{campaignId}/adsets", "id,name,status", studyName, cancellation).ConfigureAwait(false);
        IReadOnlyList<JsonNode>? creatives = null;
        List<MetaStudyCell> cells = [new(spec.Variants[0].Id, [new MetaAdSet(adSet, "ACTIVE")], percentages[0])];
        foreach ((ExperimentVariant variant, int percentage) in spec.Variants.Zip(percentages).Skip(1))
        {
            string name = MetaTestNames.Variant(campaignId, spec.TestId, variant.Id);
            // A variant's ad made by an earlier attempt was made after its creative and copy: the copy is all to find.
            string? creative = null;
            if (First(ads, n => n == name) is null)
            {
                creatives ??= await NamedAsync($"{api.AdAccount}/adcreatives", "id,name", studyName, cancellation).ConfigureAwait(false);
                creative = await CreativeAsync(name, MetaVariantCreative.WithText(storySpec, spec.Element, variant.Text), creatives, cancellation).ConfigureAwait(false);
            }

            string copy = await CopyAdSetAsync(campaignId, adSet, MetaTestNames.CopySuffix(campaignId, spec.TestId, variant.Id), copies, cancellation).ConfigureAwait(false);
            if (creative is not null)
            {
                await CreateAdAsync(name, copy, creative, cancellation).ConfigureAwait(false);
            }

            cells.Add(new MetaStudyCell(variant.Id, [new MetaAdSet(copy, "PAUSED")], percentage));
        }

        return await CreateStudyAsync(campaignId, studyName, record, cells, cancellation).ConfigureAwait(false);
    }

    /// <summary>The control: the campaign's serving ad, its creative and ad set, and what that ad set has delivered so far.</summary>
    private async Task<(MetaTestRecord Record, JsonObject StorySpec)> ControlAsync(string campaignId, ExperimentSpec spec, IReadOnlyList<JsonNode> ads, CancellationToken cancellation)
    {
        string adId = ControlAd(campaignId, ads);
        JsonNode ad = await api.GetAsync(adId, new Dictionary<string, string> { ["fields"] = "id,adset_id,creative{id,object_story_spec}" }, cancellation).ConfigureAwait(false);
        JsonObject storySpec = MetaVariantCreative.StorySpec(Channel, ad);
        string creative = ad["creative"]?["id"]?.ToString() ?? throw new ChannelException(Channel, $"ad {adId} was read without its creative's id");
        string adSet = ad["adset_id"]?.ToString() ?? throw new ChannelException(Channel, $"ad {adId} was read without its ad set");
        JsonNode lifetime = await api.GetAsync($"{adSet}/insights", new Dictionary<string, string> { ["fields"] = "impressions,clicks", ["date_preset"] = "maximum" }, cancellation).ConfigureAwait(false);
        JsonNode? before = lifetime["data"]?.AsArray().FirstOrDefault();
        var record = new MetaTestRecord(spec.Element, [.. spec.Variants.Select(v => v.Id)], adId, creative, adSet, MetaApi.Int64(before?["impressions"]), MetaApi.Int64(before?["clicks"]));
        return (record, storySpec);
    }

    /// <summary>The campaign's one serving ad: a split test varies one ad, so a campaign serving none or several is refused.</summary>
    private string ControlAd(string campaignId, IReadOnlyList<JsonNode> ads)
    {
        TaggedCreative[] serving = [.. MetaAds.Rotation(ads).Where(a => a.Active)];
        return serving switch
        {
            [var one] => one.Id,
            [] => throw new ChannelRefusedException(Channel, $"campaign {campaignId} serves no ad (none is made or active), so a split test has no control to vary"),
            _ => throw new ChannelRefusedException(Channel, $"campaign {campaignId} serves {serving.Length} ads ({string.Join(", ", serving.Select(a => a.Id))}): a split test varies one ad, so the campaign must serve one"),
        };
    }

    private async Task<string> CreativeAsync(string name, JsonObject storySpec, IReadOnlyList<JsonNode> made, CancellationToken cancellation) =>
        First(made, n => n == name) ?? await CreateOrFindAsync(
            async () => Id(await api.PostAsync($"{api.AdAccount}/adcreatives", new Dictionary<string, string> { ["name"] = name, ["object_story_spec"] = storySpec.ToJsonString() }, cancellation, singleAttempt: true).ConfigureAwait(false), "id", name),
            async () => First(await NamedAsync($"{api.AdAccount}/adcreatives", "id,name", name, cancellation).ConfigureAwait(false), n => n == name)).ConfigureAwait(false);

    /// <summary>A paused copy of the ad set without its ads, named as its original with <paramref name="suffix"/> after it.</summary>
    private async Task<string> CopyAdSetAsync(string campaignId, string adSet, string suffix, IReadOnlyList<JsonNode> made, CancellationToken cancellation)
    {
        var form = new Dictionary<string, string>
        {
            ["deep_copy"] = "false",
            ["status_option"] = "PAUSED",
            ["rename_options"] = new JsonObject { ["rename_strategy"] = "ONLY_TOP_LEVEL_RENAME", ["rename_suffix"] = suffix }.ToJsonString(),
        };
        return First(made, n => n.EndsWith(suffix, StringComparison.Ordinal)) ?? await CreateOrFindAsync(
            async () => Id(await api.PostAsync($"{adSet}/copies", form, cancellation, singleAttempt: true).ConfigureAwait(false), "copied_adset_id", suffix),
            async () => First(await NamedAsync($"{campaignId}/adsets", "id,name,status", suffix.TrimStart(' ', '·'), cancellation).ConfigureAwait(false), n => n.EndsWith(suffix, StringComparison.Ordinal))).ConfigureAwait(false);
    }

    /// <summary>The variant's ad, active in its paused copy: it serves once the copy is activated.</summary>
    private async Task CreateAdAsync(string name, string adSet, string creative, CancellationToken cancellation)
    {
        var form = new Dictionary<string, string>
        {
            ["name"] = name,
            ["adset_id"] = adSet,
            ["creative"] = new JsonObject { ["creative_id"] = creative }.ToJsonString(),
            ["status"] = "ACTIVE",
        };
        await CreateOrFindAsync(
            async () => Id(await api.PostAsync($"{api.AdAccount}/ads", form, cancellation, singleAttempt: true).ConfigureAwait(false), "id", name),
            async () => First(await api.ListAsync($"{adSet}/ads", new Dictionary<string, string> { ["fields"] = MetaAds.Fields }, cancellation).ConfigureAwait(false), n => n == name)).ConfigureAwait(false);
    }

    /// <summary>The split test: the control's cell first, each at its share of the whole audience.</summary>
    private async Task<MetaStudy> CreateStudyAsync(string campaignId, string name, MetaTestRecord record, IReadOnlyList<MetaStudyCell> cells, CancellationToken cancellation)
    {
        DateTimeOffset start = time.GetUtcNow() + StudyLead;
        JsonArray cellsJson = [.. cells.Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c.Name,
            ["treatment_percentage"] = c.TreatmentPercentage,
            ["adsets"] = new JsonArray([.. c.AdSets.Select(a => (JsonNode)a.Id)]),
        })];
        var form = new Dictionary<string, string>
        {
            ["name"] = name,
            ["description"] = record.ToDescription(),
            ["type"] = "SPLIT_TEST",
            ["start_time"] = MetaApi.Seconds(start),
            ["end_time"] = MetaApi.Seconds(start + StudyLength),
            ["cells"] = cellsJson.ToJsonString(),
        };
        string id = await CreateOrFindAsync(
            async () => Id(await api.PostAsync($"{api.AdAccount}/ad_studies", form, cancellation, singleAttempt: true).ConfigureAwait(false), "id", name),
            async () => (await StudiesAsync(campaignId, cancellation).ConfigureAwait(false)).FirstOrDefault(s => s.Name == name)?.Id).ConfigureAwait(false);
        return new MetaStudy(id, name, start + StudyLength, cells, record);
    }

    /// <summary>The variants' copies are made paused, so that nothing serves outside a study; they are activated once it exists.</summary>
    private async Task ActivateCopiesAsync(MetaStudy study, CancellationToken cancellation)
    {
        foreach (MetaAdSet copy in study.Copies.Where(c => c.Status != "ACTIVE"))
        {
            await api.PostAsync(copy.Id, new Dictionary<string, string> { ["status"] = "ACTIVE" }, cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>Sends a create once; when its outcome is unknown (retryable), what it would have made is looked up by name.</summary>
    private static async Task<string> CreateOrFindAsync(Func<Task<string>> create, Func<Task<string?>> find)
    {
        try
        {
            return await create().ConfigureAwait(false);
        }
        catch (ChannelException ex) when (ex.Retryable)
        {
            if (await find().ConfigureAwait(false) is not { } found)
            {
                throw;
            }

            return found;
        }
    }

    /// <summary>An edge's items whose name contains <paramref name="part"/> (Meta's name filter; the caller matches names exactly).</summary>
    private Task<IReadOnlyList<JsonNode>> NamedAsync(string edge, string fields, string part, CancellationToken cancellation) =>
        api.ListAsync(edge, new Dictionary<string, string>
        {
            ["fields"] = fields,
            ["filtering"] = new JsonArray(new JsonObject { ["field"] = "name", ["operator"] = "CONTAIN", ["value"] = part }).ToJsonString(),
        }, cancellation);

    /// <summary>The first made (lowest id) of the items so named that are not deleted or archived.</summary>
    private static string? First(IEnumerable<JsonNode> items, Func<string, bool> named) =>
        items
            .Where(i => i["id"] is not null && named(i["name"]?.ToString() ?? "") && i["status"]?.ToString() is not ("DELETED" or "ARCHIVED"))
            .Select(i => i["id"]!.ToString())
            .OrderBy(id => id.Length).ThenBy(id => id, StringComparer.Ordinal)
            .FirstOrDefault();

    private string Id(JsonNode created, string field, string what) =>
        created[field]?.ToString() is { Length: > 0 } id ? id : throw new ChannelException(Channel, $"'{what}' was created without {field} in the answer");
}
