using System.Diagnostics.Metrics;

namespace Gtm.Activities.Content;

/// <summary>
/// The content model's meter: tokens used, by kind (<c>gen_ai.token.type</c> input or output),
/// channel and model, for an OpenTelemetry exporter to pick up by <see cref="MeterName"/>.
/// </summary>
public static class ContentModelTelemetry
{
    public const string MeterName = "Gtm.Content";

    private static readonly Meter Meter = new(MeterName);

    internal static readonly Counter<long> Tokens = Meter.CreateCounter<long>("gtm.content.model.tokens", "{token}", "Tokens the content model used");
}
