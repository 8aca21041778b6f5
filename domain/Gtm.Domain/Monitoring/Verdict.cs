namespace Gtm.Domain.Monitoring;

/// <summary>
/// The venture's course after one evaluation, from its metrics' decisions: any rollback wins (with
/// escalation if a recursion budget is spent), else the recursion triggers raised, else nothing.
/// </summary>
public sealed record Verdict(DecisionAction Action, IReadOnlyList<string> Triggers, string Reason)
{
    public static Verdict From(IReadOnlyList<Decision> decisions)
    {
        Decision? escalation = decisions.FirstOrDefault(d => d.Action == DecisionAction.RollbackAndEscalate);
        Decision? rollback = escalation ?? decisions.FirstOrDefault(d => d.Action == DecisionAction.Rollback);
        if (rollback is not null)
        {
            return new Verdict(rollback.Action, [], rollback.Reason);
        }

        List<Decision> recursions = [.. decisions.Where(d => d.Action == DecisionAction.Recurse)];
        return recursions.Count > 0
            ? new Verdict(DecisionAction.Recurse, [.. recursions.Select(d => d.Trigger!).Distinct().Order(StringComparer.Ordinal)], string.Join("; ", recursions.Select(d => d.Reason)))
            : new Verdict(DecisionAction.None, [], "no action");
    }
}
