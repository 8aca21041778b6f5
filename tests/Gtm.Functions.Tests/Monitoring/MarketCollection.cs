namespace Gtm.Functions.Tests.Monitoring;

/// <summary>
/// The month-long market runs load Azurite hard; they run on their own, after the parallel tests,
/// so the queue tests' timing is not theirs to disturb.
/// </summary>
[CollectionDefinition(nameof(MarketCollection), DisableParallelization = true)]
public sealed class MarketCollection;
