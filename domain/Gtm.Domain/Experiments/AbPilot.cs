namespace Gtm.Domain.Experiments;

/// <summary>
/// The A/B pilot the exit gate starts at launch (SPEC C4): on each campaign, its first element
/// with two or more variants is tested on <paramref name="Share"/> of the audience for
/// <paramref name="WindowDays"/> market days; the rest sees the control. A venture opts out with
/// <paramref name="OptOut"/>. The kickoff's optional <c>ab_pilot</c>; the same bounds hold for a test
/// an operator starts.
/// </summary>
public sealed record AbPilot(double Share = AbPilot.DefaultShare, double WindowDays = AbPilot.MinWindowDays, bool OptOut = false)
{
    public const double DefaultShare = 0.05;
    public const double MinShare = 0.05;
    public const double MaxShare = 0.10;
    public const double MinWindowDays = 7;
    public const double MaxWindowDays = 60;

    public static AbPilot Default { get; } = new();

    /// <summary>Every problem, each with its JSON Pointer under <paramref name="root"/>; <paramref name="shareField"/> is what the body calls the share.</summary>
    public IReadOnlyList<(string Pointer, string Problem)> Validate(string root = "", string shareField = "share")
    {
        var problems = new List<(string, string)>();
        if (Share is < MinShare or > MaxShare || double.IsNaN(Share))
        {
            problems.Add(($"{root}/{shareField}", $"The pilot takes 5 % to 10 % of the audience ({MinShare} to {MaxShare}), not {Share}."));
        }

        if (WindowDays is < MinWindowDays or > MaxWindowDays || double.IsNaN(WindowDays))
        {
            problems.Add(($"{root}/window_days", $"The window runs {MinWindowDays} to {MaxWindowDays} market days, not {WindowDays}."));
        }

        return problems;
    }
}
