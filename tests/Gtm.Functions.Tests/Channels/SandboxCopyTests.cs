using Azure.Data.Tables;
using Gtm.Channels;
using Gtm.Channels.Sandbox;
using Gtm.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Gtm.Functions.Tests.Channels;

/// <summary>The sandbox market answers the copy served: a promoted A/B winner or a new content generation moves click-through and conversion by its lift.</summary>
[Trait("Category", "Integration")]
public sealed class SandboxCopyTests : IAsyncLifetime
{
    private readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-11-24T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly Copies copies = new();
    private TableClient table = null!;

    public async Task InitializeAsync()
    {
        table = new TableClient(await Azurite.GetConnectionStringAsync(), $"SandboxCopy{Guid.NewGuid():N}");
        await table.CreateIfNotExistsAsync();
    }

    public async Task DisposeAsync() => await table.DeleteAsync();

    /// <summary>The texts of a generation, chosen so the sandbox's taste orders them: the first variant of each element is the control.</summary>
    private static Dictionary<string, IReadOnlyList<ExperimentVariant>> Copy(params (string Element, string[] Texts)[] elements) =>
        elements.ToDictionary(e => e.Element, e => (IReadOnlyList<ExperimentVariant>)[.. e.Texts.Select((t, i) => new ExperimentVariant($"v{i + 1}", t))]);

    /// <summary>Texts from the sandbox's least to its most liked.</summary>
    private static string[] ByLift(string stem) => [.. Enumerable.Range(0, 200).Select(i => $"{stem} {i}").OrderBy(SandboxScenario.CopyLift)];

    private async Task<(SandboxChannel Meta, string Id)> LaunchAsync(string campaign, Dictionary<string, IReadOnlyList<ExperimentVariant>> launch)
    {
        copies.Set(campaign, 1, launch);
        var meta = new SandboxChannel("meta", table, new SandboxFaults(), time, timeScale: 1, copies);
        string id = (await meta.ProvisionAsync(new ProvisionRequest($"key-{campaign}", "v1", campaign, "Campaign", 1000m, "EUR", "healthy"), CancellationToken.None)).PlatformCampaignId;
        await meta.ResumeAsync(id, CancellationToken.None);
        return (meta, id);
    }

    private static double ClickRate(ChannelMetrics metrics) => (double)metrics.Clicks / metrics.Impressions;

    [Fact]
    public async Task A_promoted_winner_raises_click_through_by_its_lift_over_the_control()
    {
        string[] ranked = ByLift("Headline");
        string[] headlines = [ranked[0], ranked[^1]];
        string body = "Body text that stays";
        Dictionary<string, IReadOnlyList<ExperimentVariant>> launch = Copy(("headline", headlines), ("primary_text", [body]));
        (SandboxChannel meta, string tested) = await LaunchAsync("tested", launch);
        (_, string untouched) = await LaunchAsync("untouched", launch);
        time.Advance(TimeSpan.FromDays(1));

        await meta.StartExperimentAsync(tested, new ExperimentSpec("ab-1", "headline", launch["headline"], 0.1), CancellationToken.None);
        ChannelMetrics testedBefore = await meta.ReadMetricsAsync(tested, CancellationToken.None);
        ChannelMetrics untouchedBefore = await meta.ReadMetricsAsync(untouched, CancellationToken.None);
        await meta.EndExperimentAsync(tested, "ab-1", "v2", CancellationToken.None);
        time.Advance(TimeSpan.FromDays(10));

        ChannelMetrics testedAfter = await meta.ReadMetricsAsync(tested, CancellationToken.None);
        ChannelMetrics untouchedAfter = await meta.ReadMetricsAsync(untouched, CancellationToken.None);
        Assert.Equal(ClickRate(untouchedBefore), ClickRate(testedBefore), 3);
        double expected = (SandboxScenario.CopyLift(headlines[1]) + SandboxScenario.CopyLift(body)) / (SandboxScenario.CopyLift(headlines[0]) + SandboxScenario.CopyLift(body));
        double measured = (double)(testedAfter.Clicks - testedBefore.Clicks) / (untouchedAfter.Clicks - untouchedBefore.Clicks);
        Assert.True(expected > 1.05, $"the challenger must be better by the sandbox's taste: {expected}");
        Assert.Equal(expected, measured, 2);
    }

    [Fact]
    public async Task A_new_content_generation_answers_by_its_own_copy_and_a_worse_one_does_worse()
    {
        string[] ranked = ByLift("Copy");
        string[] texts = [ranked[0], ranked[100]];
        (SandboxChannel meta, string id) = await LaunchAsync("regenerated", Copy(("headline", [texts[1]])));
        copies.Set("regenerated", 2, Copy(("headline", [texts[0]])));
        time.Advance(TimeSpan.FromDays(2));
        ChannelMetrics launch = await meta.ReadMetricsAsync(id, CancellationToken.None);

        await meta.SetCreativesAsync(id, new CreativeSplit(2), CancellationToken.None);
        time.Advance(TimeSpan.FromDays(2));
        ChannelMetrics worse = await meta.ReadMetricsAsync(id, CancellationToken.None);

        double expected = SandboxScenario.CopyLift(texts[0]) / SandboxScenario.CopyLift(texts[1]);
        Assert.True(expected < 1, "the second generation's copy must be worse by the sandbox's taste");
        Assert.Equal(expected, (double)(worse.Clicks - launch.Clicks) / launch.Clicks, 2);
        // Conversion per click follows the copy too, so conversions fall by the lift twice over.
        Assert.Equal(expected * expected, (double)(worse.Conversions - launch.Conversions) / launch.Conversions, 1);
    }

    [Fact]
    public async Task Without_the_products_content_the_market_answers_at_par()
    {
        (SandboxChannel meta, string id) = await LaunchAsync("unknown", Copy(("headline", ["A line"])));
        var plain = new SandboxChannel("meta", table, new SandboxFaults(), time, timeScale: 1);
        string other = (await plain.ProvisionAsync(new ProvisionRequest("key-plain", "v1", "plain", "Campaign", 1000m, "EUR", "healthy"), CancellationToken.None)).PlatformCampaignId;
        await plain.ResumeAsync(other, CancellationToken.None);
        await meta.SetCreativesAsync(id, new CreativeSplit(3), CancellationToken.None);
        time.Advance(TimeSpan.FromDays(2));

        Assert.Equal(ClickRate(await plain.ReadMetricsAsync(other, CancellationToken.None)), ClickRate(await meta.ReadMetricsAsync(id, CancellationToken.None)), 3);
    }

    /// <summary>The product's content generations, as the sandbox reads them.</summary>
    private sealed class Copies : ISandboxCopySource
    {
        private readonly Dictionary<(string, int), IReadOnlyDictionary<string, IReadOnlyList<ExperimentVariant>>> generations = [];

        public void Set(string campaign, int generation, IReadOnlyDictionary<string, IReadOnlyList<ExperimentVariant>> copy) => generations[(campaign, generation)] = copy;

        public Task<IReadOnlyDictionary<string, IReadOnlyList<ExperimentVariant>>?> GenerationAsync(string ventureId, string campaignId, int generation, CancellationToken cancellation) =>
            Task.FromResult(generations.GetValueOrDefault((campaignId, generation)));
    }
}
