using Gtm.Domain.Ventures;

namespace Gtm.Testing.Scorecard;

/// <summary>What is really wrong with a venture's market: only the scorecard knows it.</summary>
public enum MarketCondition
{
    Healthy,
    CopyFatigue,
    ChannelSaturation,
    ExpensiveChannel,
    BrokenLanding,
}

/// <summary>
/// A venture's hidden market: the condition, and the channel it strikes when it strikes one. The
/// product sees it only as the sandbox market's answers (the kickoff's scenario reaches the
/// sandboxes, never the monitoring); the scorecard judges each decision against it.
/// </summary>
public sealed record HiddenMarket(MarketCondition Condition, string? Channel = null)
{
    /// <summary>The decision label for a venture where nothing was done.</summary>
    public const string NoDecision = "none";

    public const string Rollback = "rollback";

    /// <summary>Every label a first decision can have, in the confusion table's order.</summary>
    public static IReadOnlyList<string> Labels { get; } = [NoDecision, "GTM-001", "GTM-002", "GTM-003", "GTM-004", Rollback];

    private static readonly HashSet<string> NothingToDo = [NoDecision];
    private static readonly HashSet<string> NewCopy = ["GTM-001"];
    private static readonly HashSet<string> MoveBudget = ["GTM-002", "GTM-004"];
    private static readonly HashSet<string> MoveBudgetForReturn = ["GTM-004"];
    private static readonly HashSet<string> RollBack = [Rollback];

    /// <summary>The sandbox scenario that plays this market.</summary>
    public string Scenario => Condition is MarketCondition.ChannelSaturation or MarketCondition.ExpensiveChannel ? $"{Name}:{Channel}" : Name;

    /// <summary>
    /// The decisions that answer the cause: nothing for a healthy market; new copy for tired copy
    /// (GTM-001); moving budget off a saturated channel (GTM-002 for the leads it lost, GTM-004 for
    /// the return) or off an expensive one (GTM-004); a rollback for a broken landing page, which
    /// no copy or budget mends.
    /// </summary>
    public IReadOnlySet<string> RightDecisions => Condition switch
    {
        MarketCondition.Healthy => NothingToDo,
        MarketCondition.CopyFatigue => NewCopy,
        MarketCondition.ChannelSaturation => MoveBudget,
        MarketCondition.ExpensiveChannel => MoveBudgetForReturn,
        _ => RollBack,
    };

    public string Name => Condition switch
    {
        MarketCondition.Healthy => "healthy",
        MarketCondition.CopyFatigue => "copy_fatigue",
        MarketCondition.ChannelSaturation => "channel_saturation",
        MarketCondition.ExpensiveChannel => "expensive_channel",
        _ => "broken_landing",
    };

    /// <summary>
    /// A market for the venture, each condition equally likely. A condition of one channel strikes
    /// one of the venture's channels, and needs another to move the budget to; a single-channel
    /// venture draws again among the others.
    /// </summary>
    public static HiddenMarket Draw(Random random, VentureInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(inputs);
        string[] channels = [.. inputs.MarketingChannels.Where(c => c.Enabled).Select(c => c.Kind)];
        MarketCondition[] possible = channels.Length > 1
            ? Enum.GetValues<MarketCondition>()
            : [MarketCondition.Healthy, MarketCondition.CopyFatigue, MarketCondition.BrokenLanding];
        MarketCondition condition = possible[random.Next(possible.Length)];
        return condition is MarketCondition.ChannelSaturation or MarketCondition.ExpensiveChannel
            ? new HiddenMarket(condition, channels[random.Next(channels.Length)])
            : new HiddenMarket(condition);
    }

    /// <summary>
    /// The label of a decision taken at one evaluation from the triggers it recursed on: the
    /// content trigger when there is one (it is what the product acts on first), then return on
    /// spend, then leads.
    /// </summary>
    public static string Label(IEnumerable<string> triggers)
    {
        string[] all = [.. triggers];
        return new[] { "GTM-001", "GTM-003", "GTM-004", "GTM-002" }.FirstOrDefault(all.Contains) ?? NoDecision;
    }
}
