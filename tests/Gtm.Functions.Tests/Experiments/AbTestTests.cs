using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gtm.Activities.Storage;
using Gtm.Channels;
using Gtm.Channels.Sandbox;
using Gtm.Domain.Content;
using Gtm.Domain.Ventures;
using Gtm.Functions.Tests.Monitoring;
using Gtm.Functions.Tests.Ventures;
using Gtm.Testing;

namespace Gtm.Functions.Tests.Experiments;

/// <summary>SPEC C8 end to end on the sandbox and skipped time, and what the content generator learns from it (C3).</summary>
[Trait("Category", "Integration")]
[Collection(nameof(MarketCollection))]
public sealed class AbTestTests : IAsyncLifetime
{
    /// <summary>Four market weeks: a 10 % pilot of B2B campaigns needs that long to tell copy apart.</summary>
    private const double WindowDays = 28;

    private SkippedTimeMarket market = null!;

    public async Task InitializeAsync() => market = await SkippedTimeMarket.StartAsync();

    public async Task DisposeAsync() => await market.DisposeAsync();

    [Fact(Timeout = 300_000)]
    public async Task A_winning_variant_is_promoted_on_the_channel_and_leads_the_next_venture_of_the_same_type()
    {
        // Fixed ids, as in the monitoring scenarios: the sandbox's reports depend on them, and each test has storage of its own.
        string first = "ab-one";
        JsonElement launched = await market.LaunchAsync(first, "healthy", NoPilot);
        (string campaignId, string platformId, ContentElement element, ContentVariant best) = await ClearestChallengerAsync(first, launched);

        using HttpResponseMessage started = await market.Client.PostAsJsonAsync($"/api/ventures/{first}/ab-tests", new { campaign_id = campaignId, element = element.Kind, pilot_share = 0.1, window_days = WindowDays });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        await market.RunAsync(TimeSpan.FromDays(WindowDays / 2));
        JsonElement running = Assert.Single((await market.Client.GetFromJsonAsync<JsonElement>($"/api/ventures/{first}/ab-tests")).EnumerateArray());
        Assert.Equal("running", running.GetProperty("status").GetString());
        await market.RunAsync(TimeSpan.FromDays((WindowDays / 2) + 1));

        JsonElement test = Assert.Single((await market.Client.GetFromJsonAsync<JsonElement>($"/api/ventures/{first}/ab-tests")).EnumerateArray());
        Assert.True(test.GetProperty("status").GetString() == "winner", test.ToString());
        Assert.Equal(best.Id, test.GetProperty("served_variant_id").GetString());
        JsonElement verdict = test.GetProperty("verdict");
        Assert.All(verdict.GetProperty("variants").EnumerateArray(), v => Assert.True(v.GetProperty("exposures").GetInt64() >= 100));
        Assert.False(verdict.GetProperty("sample_ratio").GetProperty("mismatch").GetBoolean());
        Assert.True(verdict.GetProperty("variants").EnumerateArray().Single(v => v.GetProperty("variant_id").GetString() == best.Id).GetProperty("probability_to_beat_control").GetDouble() >= 0.95);

        string channel = test.GetProperty("channel").GetString()!;
        PlatformCampaign onChannel = await market.Service<ChannelAdapters>().For(channel).GetAsync(platformId, CancellationToken.None);
        Assert.Equal(best.Id, onChannel.Served![element.Kind]);

        // A second venture of the same segment type gets the winning line first, in its own words.
        string second = "ab-two";
        JsonObject body = StandardVenture.Create(second);
        body["market_strategy"]!["venture_name"] = "Ledgerly";
        NoPilot(body);
        await VentureClient.LaunchAsync(market.Client, body);
        VentureInputs inputs = body.Deserialize<VentureInputs>(ContractJson.Options)!;
        CampaignContent own = (await market.Service<ContentStore>().GetAsync(second, campaignId.Replace(first, second, StringComparison.Ordinal), 1, CancellationToken.None))!;
        string expected = CopyPattern.Fill(test.GetProperty("winner_pattern").GetString()!, inputs.MarketStrategy, inputs.CustomerSegments.Single(s => s.Id == own.SegmentId))!;
        Assert.Equal(RuleBasedContentGenerator.Fit(expected, ChannelLimits.MaxLength(own.Channel, element.Kind)), own.Elements.Single(e => e.Kind == element.Kind).Variants[0].Text);
    }

    /// <summary>The venture starts no pilot at launch, so the test asked for is the campaign's only one.</summary>
    private static void NoPilot(JsonObject body) => body["ab_pilot"] = new JsonObject { ["opt_out"] = true };

    /// <summary>
    /// The campaign element where the pilot should find a winner most surely: its best copy
    /// (by the sandbox market's taste) is not the control, and the gap to the runner-up, in standard
    /// errors at the exposures the campaign's budget buys, is the largest.
    /// </summary>
    private async Task<(string CampaignId, string PlatformId, ContentElement Element, ContentVariant Best)> ClearestChallengerAsync(string venture, JsonElement launched)
    {
        var candidates = new List<(double Z, string, string, ContentElement, ContentVariant)>();
        foreach (JsonElement campaign in launched.GetProperty("campaigns").EnumerateArray())
        {
            string id = campaign.GetProperty("campaignId").GetString()!;
            string channel = campaign.GetProperty("channel").GetString()!;
            (double impressionsPerUnit, double clickRate, _, _, _) = SandboxScenario.Baseline(channel);
            CampaignContent content = (await market.Service<ContentStore>().GetAsync(venture, id, 1, CancellationToken.None))!;
            foreach (ContentElement element in content.Elements)
            {
                ContentVariant[] byLift = [.. element.Variants.OrderByDescending(v => SandboxScenario.CopyLift(v.Text))];
                double exposures = campaign.GetProperty("dailyBudget").GetDouble() * impressionsPerUnit * 0.1 * WindowDays / element.Variants.Count;
                double best = clickRate * SandboxScenario.CopyLift(byLift[0].Text), second = clickRate * SandboxScenario.CopyLift(byLift[1].Text);
                double z = (best - second) / Math.Sqrt(((best * (1 - best)) + (second * (1 - second))) / exposures);
                if (byLift[0] != element.Variants[0])
                {
                    candidates.Add((z, id, campaign.GetProperty("platformCampaignId").GetString()!, element, byLift[0]));
                }
            }
        }

        (double score, string campaignId, string platformId, ContentElement chosen, ContentVariant variant) = candidates.MaxBy(c => c.Z);
        Assert.True(score > 3, $"the standard venture's copy should give a clear challenger; the clearest is {score:F1} standard errors ahead");
        return (campaignId, platformId, chosen, variant);
    }
}
