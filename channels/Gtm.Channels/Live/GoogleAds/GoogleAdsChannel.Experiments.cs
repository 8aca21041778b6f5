using System.Globalization;
using System.Text.Json.Nodes;

namespace Gtm.Channels.Live.GoogleAds;

/// <summary>
/// A/B tests as Google Ads campaign experiments: a control arm on the campaign itself and one
/// treatment arm, a copy of it Google makes (the in-design campaign), which serves the variant.
/// Google splits the campaign's whole traffic between the two arms (whole percents, 1 to 99), so
/// the treatment arm gets the variant's half of the pilot share and the control arm the rest:
/// the control's half of the pilot and the audience outside it, compared by rate. The element's
/// text is pinned first in the responsive search ads of each arm (see <see cref="ResponsiveSearchAdText"/>).
/// Ending with the control ends the experiment; ending with the variant promotes it, which
/// applies the treatment's ads to the campaign.
/// </summary>
internal sealed partial class GoogleAdsChannel
{
    public async Task<PlatformCampaign> StartExperimentAsync(string platformCampaignId, ExperimentSpec spec, CancellationToken cancellation)
    {
        string id = Checked(platformCampaignId);
        RequireTestable(spec);
        foreach (GoogleAdsExperiment earlier in await ExperimentsAsync(id, cancellation).ConfigureAwait(false))
        {
            if (earlier.TestId == spec.TestId && earlier.Unscheduled)
            {
                // A start that failed half way: its experiment is removed and the test made again whole.
                await api.MutateAsync("experiments", new JsonObject { ["remove"] = earlier.ResourceName }, cancellation).ConfigureAwait(false);
            }
            else if (earlier.TestId == spec.TestId)
            {
                return await GetAsync(id, cancellation).ConfigureAwait(false);
            }
            else if (earlier.RunningOn(Today))
            {
                throw new ChannelRefusedException(Channel, $"campaign {id} already runs experiment {earlier.TestId}");
            }
        }

        (ExperimentVariant control, ExperimentVariant variant) = (spec.Variants[0], spec.Variants[1]);

        // The control's text goes into the campaign first: Google copies the campaign's ads into the treatment arm.
        await PinAsync($"campaign.id = {id}", spec.Element, control.Text, cancellation).ConfigureAwait(false);
        var experiment = new JsonObject
        {
            ["name"] = GoogleAdsExperiment.Name(spec.TestId, id),
            ["description"] = GoogleAdsExperiment.Description(spec.Element, control.Id, variant.Id),
            ["suffix"] = $"[{spec.TestId}]",
            ["type"] = "SEARCH_CUSTOM",
            ["status"] = "SETUP",
        };
        string created = await api.MutateAsync("experiments", new JsonObject { ["create"] = experiment }, cancellation).ConfigureAwait(false);
        int treatment = Math.Clamp((int)Math.Round(spec.PilotShare * 50, MidpointRounding.AwayFromZero), 1, 50);
        await CreateArmAsync(created, control.Id, control: true, 100 - treatment, $"customers/{api.CustomerId}/campaigns/{id}", cancellation).ConfigureAwait(false);
        string arm = await CreateArmAsync(created, variant.Id, control: false, treatment, campaign: null, cancellation).ConfigureAwait(false);
        IReadOnlyList<JsonNode> rows = await api.SearchAsync($"SELECT experiment_arm.in_design_campaigns FROM experiment_arm WHERE experiment_arm.resource_name = '{arm}'", cancellation).ConfigureAwait(false);
        string draft = (rows.Count > 0 ? rows[0] : null)?["experimentArm"]?["inDesignCampaigns"]?[0]?.ToString()
            ?? throw new ChannelException(Channel, $"experiment arm {arm} has no in-design campaign yet");
        await PinAsync($"campaign.resource_name = '{draft}'", spec.Element, variant.Text, cancellation).ConfigureAwait(false);
        await api.CallAsync(created, "scheduleExperiment", cancellation).ConfigureAwait(false);
        return await GetAsync(id, cancellation).ConfigureAwait(false);
    }

    /// <summary>Impressions (exposures) and clicks (click-throughs) of each arm's campaign since the experiment began.</summary>
    public async Task<ExperimentMetrics> ReadExperimentAsync(string platformCampaignId, string testId, CancellationToken cancellation)
    {
        string id = Checked(platformCampaignId);
        GoogleAdsExperiment experiment = await ExperimentAsync(id, testId, cancellation).ConfigureAwait(false);
        IReadOnlyList<(string Name, bool Control, string Campaign, int Split)> arms = await ArmsAsync(experiment, cancellation).ConfigureAwait(false);
        Dictionary<string, (long Impressions, long Clicks)> delivered = [];
        if (experiment.Start is { } start)
        {
            string campaigns = string.Join(", ", arms.Select(a => $"'{a.Campaign}'"));
            string query = $"SELECT campaign.resource_name, metrics.impressions, metrics.clicks FROM campaign WHERE campaign.resource_name IN ({campaigns}) "
                + $"AND segments.date >= '{start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}'";
            delivered = (await api.SearchAsync(query, cancellation).ConfigureAwait(false))
                .GroupBy(r => r["campaign"]?["resourceName"]?.ToString() ?? "")
                .ToDictionary(g => g.Key, g => (g.Sum(r => GoogleAdsApi.Int64(r["metrics"]?["impressions"])), g.Sum(r => GoogleAdsApi.Int64(r["metrics"]?["clicks"]))));
        }

        ExperimentArm[] read = [.. arms.OrderByDescending(a => a.Control).Select(a => new ExperimentArm(a.Name, delivered.GetValueOrDefault(a.Campaign).Impressions, delivered.GetValueOrDefault(a.Campaign).Clicks, a.Split / 100.0))];
        return new ExperimentMetrics(testId, experiment.Element, read, experiment.RunningOn(Today), time.GetUtcNow());
    }

    public async Task<PlatformCampaign> EndExperimentAsync(string platformCampaignId, string testId, string variantId, CancellationToken cancellation)
    {
        string id = Checked(platformCampaignId);
        GoogleAdsExperiment experiment = await ExperimentAsync(id, testId, cancellation).ConfigureAwait(false);
        IReadOnlyList<(string Name, bool Control, string Campaign, int Split)> arms = await ArmsAsync(experiment, cancellation).ConfigureAwait(false);
        if (!arms.Any(a => a.Name == variantId))
        {
            throw new ChannelRefusedException(Channel, $"experiment {testId} has no variant {variantId}; its variants are {string.Join(", ", arms.Select(a => a.Name))}");
        }

        string served = variantId;
        if (experiment.RunningOn(Today))
        {
            bool control = arms.Single(a => a.Name == variantId).Control;
            await api.CallAsync(experiment.ResourceName, control ? "endExperiment" : "promoteExperiment", cancellation).ConfigureAwait(false);
        }
        else
        {
            // Ended before: what it serves is what that end chose.
            served = arms.Single(a => a.Control != experiment.Promoted).Name;
        }

        PlatformCampaign campaign = await GetAsync(id, cancellation).ConfigureAwait(false);
        return campaign with { Served = new Dictionary<string, string>(StringComparer.Ordinal) { [experiment.Element] = served } };
    }

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private void RequireTestable(ExperimentSpec spec)
    {
        if (!ResponsiveSearchAdText.Tests(spec.Element))
        {
            throw new ChannelRefusedException(Channel, $"experiment {spec.TestId} refused: a Google search ad tests its headline or description, not {spec.Element}");
        }

        if (spec.Variants.Count != 2 || spec.PilotShare is <= 0 or > 1 || !GoogleAdsExperiment.IsPlainId(spec.TestId) || spec.Variants.Any(v => !GoogleAdsExperiment.IsPlainId(v.Id)))
        {
            throw new ChannelRefusedException(Channel, $"experiment {spec.TestId} refused: a Google Ads experiment compares the campaign with one treatment arm, so it takes 2 variants with plain ids and a pilot share within 0 to 1, not {spec.Variants.Count} and {spec.PilotShare}");
        }
    }

    private Task<string> CreateArmAsync(string experiment, string name, bool control, int trafficSplit, string? campaign, CancellationToken cancellation)
    {
        var arm = new JsonObject { ["experiment"] = experiment, ["name"] = name, ["control"] = control, ["trafficSplit"] = trafficSplit };
        if (campaign is not null)
        {
            arm["campaigns"] = new JsonArray(campaign);
        }

        return api.MutateAsync("experimentArms", new JsonObject { ["create"] = arm }, cancellation);
    }

    /// <summary>Pins <paramref name="text"/> first in the element of every enabled responsive search ad of the campaign <paramref name="condition"/> names.</summary>
    private async Task PinAsync(string condition, string element, string text, CancellationToken cancellation)
    {
        string query = $"SELECT ad_group_ad.ad.resource_name, {ResponsiveSearchAdText.Field(element)} FROM ad_group_ad "
            + $"WHERE {condition} AND ad_group_ad.status = 'ENABLED' AND ad_group_ad.ad.type = 'RESPONSIVE_SEARCH_AD'";
        IReadOnlyList<JsonNode> ads = await api.SearchAsync(query, cancellation).ConfigureAwait(false);
        if (ads.Count == 0)
        {
            throw new ChannelRefusedException(Channel, $"no enabled responsive search ad where {condition} to test its {element} in");
        }

        foreach (JsonNode ad in ads)
        {
            await api.MutateAsync("ads", ResponsiveSearchAdText.Pin(ad, element, text), cancellation).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<GoogleAdsExperiment>> ExperimentsAsync(string id, CancellationToken cancellation) =>
        [.. (await api.SearchAsync($"SELECT {GoogleAdsExperiment.Fields} FROM experiment WHERE {GoogleAdsExperiment.OfCampaign(id)}", cancellation).ConfigureAwait(false))
            .Select(GoogleAdsExperiment.Read)];

    private async Task<GoogleAdsExperiment> ExperimentAsync(string id, string testId, CancellationToken cancellation) =>
        (await ExperimentsAsync(id, cancellation).ConfigureAwait(false)).FirstOrDefault(e => e.TestId == testId && !e.Unscheduled)
            ?? throw new ChannelRefusedException(Channel, $"experiment {testId} does not exist on campaign {id}");

    /// <summary>Each arm's name (the variant id), whether it is the control, the campaign that serves it and its traffic split in percent.</summary>
    private async Task<IReadOnlyList<(string Name, bool Control, string Campaign, int Split)>> ArmsAsync(GoogleAdsExperiment experiment, CancellationToken cancellation)
    {
        string query = "SELECT experiment_arm.name, experiment_arm.control, experiment_arm.traffic_split, experiment_arm.campaigns, experiment_arm.in_design_campaigns "
            + $"FROM experiment_arm WHERE experiment_arm.experiment = '{experiment.ResourceName}'";
        return [.. (await api.SearchAsync(query, cancellation).ConfigureAwait(false)).Select(r => r["experimentArm"]!).Select(a => (
            a["name"]?.ToString() ?? "",
            a["control"]?.GetValue<bool>() == true,
            (a["campaigns"]?[0] ?? a["inDesignCampaigns"]?[0])?.ToString() ?? "",
            (int)GoogleAdsApi.Int64(a["trafficSplit"])))];
    }
}
