using System.Text.Json.Serialization;

namespace Gtm.Domain.Experiments;

/// <summary>Where an A/B test stands (see <see cref="AbTestAnalysis.Evaluate"/>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AbTestOutcome>))]
public enum AbTestOutcome
{
    [JsonStringEnumMemberName("running")]
    Running,
    [JsonStringEnumMemberName("winner")]
    Winner,
    [JsonStringEnumMemberName("inconclusive")]
    Inconclusive,
    [JsonStringEnumMemberName("sample_ratio_mismatch")]
    SampleRatioMismatch,
}
