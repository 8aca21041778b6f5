namespace Gtm.Domain.Experiments;

/// <summary>Exposures and conversions of one variant of an A/B test (SPEC C8); the first variant of a test is its control.</summary>
public sealed record VariantCounts(string VariantId, long Exposures, long Conversions);
