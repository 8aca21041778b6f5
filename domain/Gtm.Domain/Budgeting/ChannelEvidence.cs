namespace Gtm.Domain.Budgeting;

/// <summary>What a channel delivered over the evidence window (totals).</summary>
public sealed record ChannelEvidence(string Channel, decimal Spend, long Conversions, decimal ConversionValue);
