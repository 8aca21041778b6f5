using System.Text.Json.Nodes;
using Gtm.Domain.Contracts;
using Gtm.Domain.Experiments;
using Gtm.Domain.Ventures;

namespace Gtm.Domain.Tests.Ventures;

[Trait("Category", "Unit")]
public sealed class KickoffValidatorTests
{
    /// <summary>A standard B2B enterprise venture built from the schema examples.</summary>
    public static JsonObject Standard()
    {
        string examples = Path.Combine(AppContext.BaseDirectory, "examples");
        JsonNode Read(string path) => JsonNode.Parse(File.ReadAllText(Path.Combine(examples, path)))!;
        return new JsonObject
        {
            ["market_strategy"] = Read("market_strategy/valid-1.json"),
            ["customer_segments"] = new JsonArray(Read("customer_segment/valid-1.json")),
            ["marketing_channels"] = new JsonArray(
                Read("marketing_channel/valid-1.json"),
                Read("marketing_channel/valid-2.json"),
                JsonNode.Parse("""{"kind":"google_ads","enabled":true,"connection":"GoogleAds","min_budget_share":0.1,"max_budget_share":0.5}""")),
        };
    }

    private static IReadOnlyList<ContractError> ErrorsOf(Action<JsonObject> edit)
    {
        JsonObject body = Standard();
        edit(body);
        return KickoffValidator.Validate(body.ToJsonString()).Errors;
    }

    [Fact]
    public void The_standard_venture_is_valid()
    {
        KickoffValidator.Result result = KickoffValidator.Validate(Standard().ToJsonString());
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal("ledgerly", result.Inputs!.MarketStrategy.VentureId);
        Assert.Equal(3, result.Inputs.MarketingChannels.Count);
    }

    [Fact]
    public void Every_schema_error_of_every_part_is_reported_at_once()
    {
        IReadOnlyList<ContractError> errors = ErrorsOf(body =>
        {
            body["market_strategy"]!["time_horizon_days"] = "ninety";
            body["customer_segments"]![0]!.AsObject().Remove("persona");
            body["marketing_channels"]![1]!["kind"] = "fax";
        });
        Assert.Contains(errors, e => e.Pointer == "/market_strategy/time_horizon_days");
        Assert.Contains(errors, e => e.Pointer == "/customer_segments/0/persona");
        Assert.Contains(errors, e => e.Pointer == "/marketing_channels/1/kind");
    }

    [Fact]
    public void Minimum_budget_shares_over_100_percent_are_refused()
    {
        IReadOnlyList<ContractError> errors = ErrorsOf(body =>
        {
            body["marketing_channels"]![0]!["min_budget_share"] = 0.6;
            body["marketing_channels"]![1]!["min_budget_share"] = 0.2;
            body["marketing_channels"]![2]!["min_budget_share"] = 0.4;
        });
        Assert.Contains(errors, e => e.Pointer == "/marketing_channels" && e.Message.Contains("at most 100 %", StringComparison.Ordinal));
    }

    [Fact]
    public void A_minimum_above_its_maximum_is_refused()
    {
        IReadOnlyList<ContractError> errors = ErrorsOf(body => body["marketing_channels"]![2]!["min_budget_share"] = 0.55);
        Assert.Contains(errors, e => e.Pointer == "/marketing_channels/2/min_budget_share");
    }

    [Fact]
    public void A_preferred_channel_that_is_not_enabled_is_refused()
    {
        IReadOnlyList<ContractError> errors = ErrorsOf(body => body["marketing_channels"]![0]!["enabled"] = false);
        Assert.Contains(errors, e => e.Pointer == "/customer_segments/0/preferred_channels/0" && e.Message.Contains("'linkedin'", StringComparison.Ordinal));
    }

    [Fact]
    public void Geography_outside_the_strategy_regions_and_duplicate_ids_are_refused()
    {
        IReadOnlyList<ContractError> errors = ErrorsOf(body =>
        {
            body["customer_segments"]![0]!["geography"] = new JsonArray("DE", "JP");
            body["customer_segments"]!.AsArray().Add(body["customer_segments"]![0]!.DeepClone());
        });
        Assert.Contains(errors, e => e.Pointer == "/customer_segments/0/geography/1");
        Assert.Contains(errors, e => e.Pointer == "/customer_segments/1/id");
    }

    [Fact]
    public void A_channel_listed_twice_is_refused()
    {
        IReadOnlyList<ContractError> errors = ErrorsOf(body => body["marketing_channels"]!.AsArray().Add(body["marketing_channels"]![0]!.DeepClone()));
        Assert.Contains(errors, e => e.Pointer == "/marketing_channels/3/kind" && e.Message.Contains("listed twice", StringComparison.Ordinal));
    }

    [Fact]
    public void Caps_that_cannot_spend_the_whole_budget_are_refused()
    {
        IReadOnlyList<ContractError> errors = ErrorsOf(body =>
        {
            foreach (JsonNode? channel in body["marketing_channels"]!.AsArray())
            {
                channel!["max_budget_share"] = 0.3;
            }
        });
        Assert.Contains(errors, e => e.Pointer == "/marketing_channels" && e.Message.Contains("cannot be spent", StringComparison.Ordinal));
    }

    [Fact]
    public void A_venture_type_without_a_segment_of_that_type_is_refused()
    {
        IReadOnlyList<ContractError> errors = ErrorsOf(body => body["market_strategy"]!["segment_type"] = "b2c_mass");
        Assert.Contains(errors, e => e.Pointer == "/market_strategy/segment_type");
    }

    [Fact]
    public void No_enabled_channel_is_refused()
    {
        IReadOnlyList<ContractError> errors = ErrorsOf(body =>
        {
            foreach (JsonNode? channel in body["marketing_channels"]!.AsArray())
            {
                channel!["enabled"] = false;
            }
        });
        Assert.Contains(errors, e => e.Pointer == "/marketing_channels" && e.Message.Contains("No channel is enabled", StringComparison.Ordinal));
    }

    [Fact]
    public void An_ab_pilot_sets_the_share_and_window_or_opts_out_and_is_the_default_when_absent()
    {
        JsonObject body = Standard();
        Assert.Null(KickoffValidator.Validate(body.ToJsonString()).Pilot);

        body["ab_pilot"] = JsonNode.Parse("""{"share":0.08,"window_days":14}""");
        Assert.Equal(new AbPilot(0.08, 14), KickoffValidator.Validate(body.ToJsonString()).Pilot);

        body["ab_pilot"] = JsonNode.Parse("""{"opt_out":true}""");
        Assert.Equal(new AbPilot(OptOut: true), KickoffValidator.Validate(body.ToJsonString()).Pilot);
    }

    [Theory]
    [InlineData("""{"share":0.2}""", "/ab_pilot/share")]
    [InlineData("""{"share":0.04,"window_days":3}""", "/ab_pilot/share,/ab_pilot/window_days")]
    [InlineData("""{"window_days":61}""", "/ab_pilot/window_days")]
    [InlineData("""{"share":"5%"}""", "/ab_pilot/share")]
    [InlineData("""{"pilot":0.05}""", "/ab_pilot")]
    [InlineData("""0.05""", "/ab_pilot")]
    public void A_pilot_outside_its_bounds_is_refused_naming_the_field(string pilot, string pointers)
    {
        IReadOnlyList<ContractError> errors = ErrorsOf(body => body["ab_pilot"] = JsonNode.Parse(pilot));

        Assert.Equal(pointers.Split(','), errors.Select(e => e.Pointer));
    }

    [Fact]
    public void Unknown_top_level_fields_and_missing_parts_are_named()
    {
        IReadOnlyList<ContractError> errors = ErrorsOf(body =>
        {
            body.Remove("customer_segments");
            body["extra"] = 1;
        });
        Assert.Contains(errors, e => e.Pointer == "/customer_segments");
        Assert.Contains(errors, e => e.Pointer == "/extra");
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    public void Malformed_bodies_get_one_clear_error(string body)
    {
        ContractError error = Assert.Single(KickoffValidator.Validate(body).Errors);
        Assert.Equal("", error.Pointer);
    }
}
