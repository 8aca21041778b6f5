using System.Globalization;
using Gtm.Testing.Scorecard;

namespace Gtm.Bench.Scorecard;

/// <summary>
/// ./gtm bench scorecard [ventures=200] [seeds=8] [days=30]: the stage's promises (SPEC C14)
/// measured on a simulated market whose truth is known. The ventures are split over the seeds;
/// each seed draws its own corpus (15 % of inputs carry a realistic mistake) and hidden markets,
/// and runs on a product of its own for the given market days. Prints each promise's measure and
/// its 95 % interval as name=value lines, the table beside the targets on standard error.
/// </summary>
internal static class ScorecardBenchmark
{
    public static async Task RunAsync(string storage, IReadOnlyCollection<string> args)
    {
        int ventures = Argument(args, "ventures", 200);
        int seeds = Argument(args, "seeds", 8);
        int days = Argument(args, "days", 30);
        var facts = new List<VentureFacts>();
        for (int seed = 1; seed <= seeds; seed++)
        {
            int count = (ventures / seeds) + (seed <= ventures % seeds ? 1 : 0);
            facts.AddRange(await ScorecardRun.RunAsync(storage, seed, count, days));
        }

        ScorecardReport report = ScorecardReport.Of(facts, new Random(17));
        Report.Line("scorecard_ventures", facts.Count);
        Report.Line("scorecard_seeds", seeds);
        Report.Line("scorecard_market_days", days);
        Report.Line("scorecard_launched", facts.Count(f => f.Launched));
        Report.Line("scorecard_mistaken_inputs", facts.Count(f => f.Mistake is not null));
        foreach (Promise promise in report.Promises)
        {
            Report.Line(promise.Name, promise.Measured.Value);
            Report.Line($"{promise.Name}_ci95_low", promise.Measured.Low);
            Report.Line($"{promise.Name}_ci95_high", promise.Measured.High);
            Report.Line($"{promise.Name}_n", promise.Measured.Count);
        }

        foreach (((string cause, string decision), int count) in report.Confusion.OrderBy(c => c.Key.Cause).ThenBy(c => HiddenMarketLabels.IndexOf(c.Key.Decision)))
        {
            Report.Line($"confusion_{cause}_{decision.Replace('-', '_').ToLowerInvariant()}", count);
        }

        Report.Note(Table(report));
    }

    private static List<string> HiddenMarketLabels => [.. HiddenMarket.Labels];

    /// <summary>The promises beside their targets, then the decisions against the hidden causes.</summary>
    private static string Table(ScorecardReport report)
    {
        var lines = new List<string> { "", "| promise | target | measured | 95 % interval | n | met |", "| --- | --- | --- | --- | --- | --- |" };
        lines.AddRange(report.Promises.Select(p => $"| {p.Name} | {p.Target} | {Number(p.Measured.Value)} | {Number(p.Measured.Low)} to {Number(p.Measured.High)} | {p.Measured.Count} | {(p.Met is { } met ? (met ? "yes" : "no") : "n/a")} |"));
        lines.Add("");
        lines.Add("| hidden cause \\ decision | " + string.Join(" | ", HiddenMarket.Labels) + " |");
        lines.Add("| --- |" + string.Concat(HiddenMarket.Labels.Select(_ => " --- |")));
        foreach (string cause in report.Confusion.Keys.Select(k => k.Cause).Distinct().Order())
        {
            lines.Add($"| {cause} | " + string.Join(" | ", HiddenMarket.Labels.Select(l => report.Confusion.GetValueOrDefault((cause, l)))) + " |");
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static string Number(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.###", CultureInfo.InvariantCulture);

    private static int Argument(IReadOnlyCollection<string> args, string name, int fallback) =>
        args.Where(a => a.StartsWith($"{name}=", StringComparison.Ordinal)).Select(a => int.Parse(a[(name.Length + 1)..], CultureInfo.InvariantCulture)).FirstOrDefault(n => n > 0, fallback);
}
