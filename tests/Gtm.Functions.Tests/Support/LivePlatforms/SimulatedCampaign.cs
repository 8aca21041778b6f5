namespace Gtm.Functions.Tests.Support.LivePlatforms;

/// <summary>
/// A campaign as a simulated platform holds it: its id and name, its status in the platform's
/// words, its daily budget in the platform's unit (and in the currency's major unit, as the
/// platform reads that unit), what it delivered, and every state it was put in.
/// </summary>
/// <param name="activeStatus">The status in which the platform delivers (ENABLED, ACTIVE).</param>
/// <param name="toMajorUnit">How the platform reads its budget unit in the currency's major unit.</param>
public sealed class SimulatedCampaign(string id, string name, string activeStatus, Func<long, decimal> toMajorUnit, DateTimeOffset createdAt)
{
    private readonly List<CampaignState> history = [];

    public string Id { get; } = id;

    public string Name { get; } = name;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public string Status { get; private set; } = "";

    /// <summary>The daily budget in the platform's unit: micros, minor units.</summary>
    public long Budget { get; private set; }

    public decimal DailyBudget => toMajorUnit(Budget);

    public bool Active => Status == activeStatus;

    /// <summary>An active campaign with a budget spends it.</summary>
    public bool Spending => Active && Budget > 0;

    /// <summary>Everything delivered since the campaign was created.</summary>
    public Delivery Totals { get; } = new();

    /// <summary>Every state the campaign was put in, oldest first: created, then each change of status or budget.</summary>
    public IReadOnlyList<CampaignState> History
    {
        get
        {
            // The platform changes it while answering; a test reads it between requests.
            lock (history)
            {
                return [.. history];
            }
        }
    }

    /// <summary>Up to when the delivery is booked.</summary>
    internal DateTimeOffset AccruedTo { get; set; } = createdAt;

    /// <summary>Puts the campaign in a state; a change that changes nothing is not history.</summary>
    internal void Set(DateTimeOffset at, string? status = null, long? budget = null)
    {
        Status = status ?? Status;
        Budget = budget ?? Budget;
        var state = new CampaignState(at, Status, Active, Budget, DailyBudget);
        lock (history)
        {
            if (history.Count == 0 || history[^1] with { At = at } != state)
            {
                history.Add(state);
            }
        }
    }
}

/// <summary>A campaign's state from <see cref="At"/> on.</summary>
public sealed record CampaignState(DateTimeOffset At, string Status, bool Active, long Budget, decimal DailyBudget)
{
    /// <summary>Paused (or anything but active): nothing is spent. Platforms with a minimum daily budget keep theirs.</summary>
    public bool Stopped => !Active;
}
