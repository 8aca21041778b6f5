namespace Gtm.Domain.Budgeting;

/// <summary>A channel's floor and cap as shares of the budget (0..1), from its marketing_channel.</summary>
public sealed record ChannelBounds(string Channel, decimal Floor, decimal Cap);
