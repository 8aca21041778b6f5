using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gtm.Domain.Ventures;

/// <summary>The three inputs of Stage 17, as the contracts in <c>schemas/</c> describe them.</summary>
public sealed record VentureInputs(
    [property: JsonPropertyName("market_strategy")] MarketStrategy MarketStrategy,
    [property: JsonPropertyName("customer_segments")] IReadOnlyList<CustomerSegment> CustomerSegments,
    [property: JsonPropertyName("marketing_channels")] IReadOnlyList<MarketingChannel> MarketingChannels);

public sealed record MarketStrategy(
    string VentureId,
    string VentureName,
    string ValueProposition,
    string Positioning,
    IReadOnlyList<string> MessagingPillars,
    Objectives Objectives,
    Budget TotalBudget,
    int TimeHorizonDays,
    IReadOnlyList<string> Regions,
    IReadOnlyList<string> Competitors,
    string SegmentType,
    decimal? GrossMargin = null);

public sealed record Objectives(long Awareness, long Leads, decimal Revenue);

public sealed record Budget(decimal Amount, string Currency, string Period);

public sealed record CustomerSegment(
    string Id,
    string Name,
    string Type,
    Persona Persona,
    long Size,
    IReadOnlyList<string> Geography,
    IReadOnlyList<string> PreferredChannels,
    decimal DealValue,
    int SalesCycleDays);

public sealed record Persona(string Role, IReadOnlyList<string> Pains, IReadOnlyList<string> Gains);

public sealed record MarketingChannel(
    string Kind,
    bool Enabled,
    string Connection,
    decimal MinBudgetShare,
    decimal MaxBudgetShare,
    Audience? Audience = null,
    ChannelConstraints? Constraints = null);

public sealed record Audience(IReadOnlyList<string>? Locations = null, IReadOnlyList<string>? JobTitles = null, IReadOnlyList<string>? Interests = null, int? AgeMin = null, int? AgeMax = null);

public sealed record ChannelConstraints(decimal? DailySpendCap = null, int? MaxSendsPerWeek = null, IReadOnlyList<string>? BlackoutWeekdays = null);

/// <summary>The JSON conventions of the contracts: snake_case names, as the schemas spell them.</summary>
public static class ContractJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
