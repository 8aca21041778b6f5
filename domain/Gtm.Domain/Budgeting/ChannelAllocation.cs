namespace Gtm.Domain.Budgeting;

/// <summary>
/// A channel's budget share, the posterior probability that it is the best channel, and its posterior
/// mean of the objective per unit of spend (conversions, or value, per currency unit).
/// </summary>
public sealed record ChannelAllocation(string Channel, decimal Share, double ProbabilityBest, double ExpectedPerSpend);
