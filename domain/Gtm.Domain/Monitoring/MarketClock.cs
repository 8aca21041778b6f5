namespace Gtm.Domain.Monitoring;

/// <summary>
/// Market time against wall time: frequencies, windows, minimum ages, ramp steps and the 30-day
/// recursion budget are all stated in market time. A scale of 1 is production; demos and scenario
/// runs compress (app setting <c>Gtm:TimeScale</c>, market seconds per wall second, which also
/// drives the channel sandboxes), with no other code path.
/// </summary>
public sealed record MarketClock(double Scale)
{
    public TimeSpan ToWall(TimeSpan market) => market / Scale;

    public TimeSpan ToMarket(TimeSpan wall) => wall * Scale;
}
