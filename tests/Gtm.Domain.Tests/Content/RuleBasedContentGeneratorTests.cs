using System.Text.Json;
using Gtm.Domain.Content;
using Gtm.Domain.Contracts;
using Gtm.Testing;
using Gtm.Domain.Ventures;

namespace Gtm.Domain.Tests.Content;

[Trait("Category", "Unit")]
public sealed class RuleBasedContentGeneratorTests
{
    private static readonly RuleBasedContentGenerator Generator = new(new NoRanking());

    [Fact]
    public async Task Every_variant_of_every_channel_respects_its_limit_over_500_generated_ventures()
    {
        int campaigns = 0;
        for (int seed = 0; seed < 500; seed++)
        {
            VentureInputs venture = SyntheticVentures.Create(seed);
            foreach (CustomerSegment segment in venture.CustomerSegments)
            {
                foreach (string channel in segment.PreferredChannels)
                {
                    int variants = 2 + (seed % 4);
                    CampaignContent content = await Generator.GenerateAsync(new ContentRequest(venture.MarketStrategy, segment, channel, variants), CancellationToken.None);
                    campaigns++;
                    Assert.Equal(ChannelLimits.For(channel).Select(e => e.Element), content.Elements.Select(e => e.Kind));
                    foreach (ContentElement element in content.Elements)
                    {
                        int limit = ChannelLimits.MaxLength(channel, element.Kind);
                        Assert.InRange(element.Variants.Count, 2, variants);
                        Assert.All(element.Variants, v => Assert.True(v.Text.Length <= limit, $"seed {seed} {channel}/{element.Kind}: {v.Text.Length} > {limit}: '{v.Text}'"));
                        Assert.Equal(element.Variants.Count, element.Variants.Select(v => v.Text.ToUpperInvariant()).Distinct().Count());
                    }

                    string json = JsonSerializer.Serialize(content, ContractJson.Options);
                    Assert.Empty(ContractValidator.Validate(Contract.CampaignTemplate, json));
                }
            }
        }

        Assert.True(campaigns > 1000, $"only {campaigns} campaigns generated");
    }

    [Fact]
    public async Task Copy_is_built_from_the_ventures_own_pillars_pains_and_gains_with_utm_tags()
    {
        VentureInputs venture = SyntheticVentures.Create(7);
        CustomerSegment segment = venture.CustomerSegments[0] with { PreferredChannels = ["google_ads"] };
        CampaignContent content = await Generator.GenerateAsync(new ContentRequest(venture.MarketStrategy, segment, "google_ads", 3), CancellationToken.None);
        string all = string.Join(" | ", content.Elements.SelectMany(e => e.Variants).Select(v => v.Text));
        Assert.Contains(venture.MarketStrategy.MessagingPillars[0][..10], all, StringComparison.Ordinal);
        Assert.Equal("google", content.Utm.Source);
        Assert.Equal("cpc", content.Utm.Medium);
        Assert.StartsWith(venture.MarketStrategy.VentureId, content.Utm.Campaign, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Proven_texts_come_first_and_avoided_texts_never_appear()
    {
        VentureInputs venture = SyntheticVentures.Create(3);
        CustomerSegment segment = venture.CustomerSegments[0];
        var ranking = new FixedRanking("Close the books in a day");
        var generator = new RuleBasedContentGenerator(ranking);
        CampaignContent first = await generator.GenerateAsync(new ContentRequest(venture.MarketStrategy, segment, "meta", 3), CancellationToken.None);
        Assert.Equal("Close the books in a day", first.Elements.Single(e => e.Kind == "headline").Variants[0].Text);

        string avoided = first.Elements.Single(e => e.Kind == "primary_text").Variants[0].Text;
        CampaignContent second = await generator.GenerateAsync(new ContentRequest(venture.MarketStrategy, segment, "meta", 3, Avoid: [avoided]), CancellationToken.None);
        Assert.DoesNotContain(second.Elements.Single(e => e.Kind == "primary_text").Variants, v => v.Text == avoided);
    }

    [Theory]
    [InlineData("A short one", 30, "A short one")]
    [InlineData("Close the books in one day instead of ten", 30, "Close the books in one day")]
    [InlineData("Supercalifragilistic", 5, null)]
    public void Fit_shortens_at_word_boundaries_and_never_ends_on_a_dangling_word(string text, int limit, string? expected)
    {
        Assert.Equal(expected, RuleBasedContentGenerator.Fit(text, limit));
    }

    private sealed class FixedRanking(string headline) : IVariantRanking
    {
        public Task<ProvenCopy> ProvenPatternsAsync(string segmentType, string channel, CancellationToken cancellation) =>
            Task.FromResult(new ProvenCopy(new Dictionary<string, IReadOnlyList<string>> { ["headline"] = [headline] }));
    }
}
