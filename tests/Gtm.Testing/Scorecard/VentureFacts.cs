namespace Gtm.Testing.Scorecard;

/// <summary>What the scorecard saw of one venture, beside the truth only it knows (<see cref="Market"/>, <see cref="Mistake"/>).</summary>
/// <param name="Mistake">The realistic mistake the venture's input carries; null for a clean input.</param>
/// <param name="Accepted">Whether the entry gates let the input through.</param>
/// <param name="Launched">Whether Stage 17 ended with the venture launched.</param>
/// <param name="StageSeconds">Stage 17's wall time from kickoff to launch, when it launched.</param>
/// <param name="Steps">Stage steps taken: the gates, the substages and launch, each monitoring decision.</param>
/// <param name="PersonSteps">Of those, the ones a person had to take: correcting a refused input, deciding after an escalation.</param>
/// <param name="Decisions">Each recursion or rollback decided, in order (<see cref="HiddenMarket.Label"/>); empty when nothing was done.</param>
/// <param name="Improvements">For each recursion, its breached metric's relative change from the week before to the second week after.</param>
/// <param name="RollbackSeconds">For each rollback, wall seconds from its start to spend stopped on every channel.</param>
/// <param name="SpendAfterRollback">For each rollback, what the rolled-back campaigns spent between the decision and their stop.</param>
/// <param name="Pilot">Click-through after the A/B pilot over during it, for the campaigns whose pilot promoted a winner and for those whose pilot kept the control.</param>
public sealed record VentureFacts(
    string VentureId,
    HiddenMarket Market,
    string? Mistake,
    bool Accepted,
    bool Launched,
    double? StageSeconds,
    int Steps,
    int PersonSteps,
    IReadOnlyList<string> Decisions,
    IReadOnlyList<double> Improvements,
    IReadOnlyList<double> RollbackSeconds,
    IReadOnlyList<decimal> SpendAfterRollback,
    PilotRatios? Pilot);

/// <summary>A venture's click-through after its pilots over during them: validated (a winner served) and unvalidated (the control kept).</summary>
public sealed record PilotRatios(double Validated, double Unvalidated);

