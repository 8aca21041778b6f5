using System.Text.Json.Serialization;

namespace Gtm.Domain.Monitoring;

/// <summary>
/// The four metrics of SPEC C5, each computed over its measurement window from the channels'
/// totals (<see cref="MetricWindow"/>):
/// <list type="bullet">
/// <item>campaign_effectiveness: clicks against the clicks the channels' benchmark click-through
/// rates would give for the same impressions (1.0 is par);</item>
/// <item>lead_generation: leads per week;</item>
/// <item>conversion_rate: conversions per click;</item>
/// <item>roas: conversion value per unit of spend.</item>
/// </list>
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<Metric>))]
public enum Metric
{
    [JsonStringEnumMemberName("campaign_effectiveness")]
    CampaignEffectiveness,
    [JsonStringEnumMemberName("lead_generation")]
    LeadGeneration,
    [JsonStringEnumMemberName("conversion_rate")]
    ConversionRate,
    [JsonStringEnumMemberName("roas")]
    Roas,
}

public static class Metrics
{
    public static readonly IReadOnlyList<Metric> All = [Metric.CampaignEffectiveness, Metric.LeadGeneration, Metric.ConversionRate, Metric.Roas];

    private static readonly Dictionary<Metric, string> Names = new()
    {
        [Metric.CampaignEffectiveness] = "campaign_effectiveness",
        [Metric.LeadGeneration] = "lead_generation",
        [Metric.ConversionRate] = "conversion_rate",
        [Metric.Roas] = "roas",
    };

    public static string Name(this Metric metric) => Names[metric];

    public static bool TryParse(string name, out Metric metric)
    {
        foreach ((Metric m, string n) in Names)
        {
            if (n == name)
            {
                metric = m;
                return true;
            }
        }

        metric = default;
        return false;
    }

    /// <summary>The recursion trigger a breach of the metric raises (SPEC C6).</summary>
    public static string RecursionTrigger(this Metric metric) => metric switch
    {
        Metric.CampaignEffectiveness => "GTM-001",
        Metric.LeadGeneration => "GTM-002",
        Metric.ConversionRate => "GTM-003",
        _ => "GTM-004",
    };
}
