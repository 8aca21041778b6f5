using Gtm.Activities.Monitoring;
using Gtm.Activities.Storage;
using Gtm.Domain.Monitoring;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.Activities.Rollout;

/// <summary>
/// A rollout step's guardrails: the candidate's own traffic since it began, each of the four
/// metrics against the venture's thresholds (leads per week scaled up by the candidate's share)
/// and against the control's traffic over the same time. A breach is a metric below its hard
/// floor, or below its threshold and more than 10 % worse than the control (for the conversion
/// rate, significantly so). Without enough data on
/// the conversion rate and ROAS the step cannot be judged yet.
/// </summary>
public sealed class CheckGuardrails(ThresholdStore thresholds, MarketClock clock) : TaskActivity<GuardrailInput, GuardrailResult>
{
    [Function(nameof(CheckGuardrails))]
    public Task<GuardrailResult> Run([ActivityTrigger] GuardrailInput input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(CheckGuardrails), instanceId), input);

    public override async Task<GuardrailResult> RunAsync(TaskActivityContext context, GuardrailInput input)
    {
        IReadOnlyList<MetricThreshold> rows = await thresholds.ForVentureAsync(input.VentureId, CancellationToken.None);
        TimeSpan elapsed = clock.ToMarket(input.Elapsed);
        IReadOnlyList<ChannelTotals> candidate = CampaignReading.PerChannel(input.Now, candidateOnly: true);
        IReadOnlyList<ChannelTotals> control = CampaignReading.PerChannel(input.Now).Minus(CampaignReading.PerChannel(input.AtStart)).Minus(candidate);
        var candidateWindow = new MetricWindow(candidate, elapsed * Math.Max(input.Share, 0.01));
        var controlWindow = new MetricWindow(control, elapsed * Math.Max(1 - input.Share, 0.01));
        double conversionThreshold = Math.Max(rows.First(r => r.Metric == Metric.ConversionRate).Threshold, 0.001);
        var findings = new List<string>();
        bool judged = false;
        foreach (MetricThreshold threshold in rows)
        {
            // The venture is live, so time since launch does not apply; a rate needs enough clicks to expect ten conversions at the threshold.
            MetricThreshold guardrail = threshold with
            {
                MinHoursSinceLaunch = 0,
                MinSample = threshold.Metric is Metric.ConversionRate or Metric.Roas ? Math.Max(threshold.MinSample, 10 / conversionThreshold) : threshold.MinSample,
            };
            MetricReading mine = MetricReading.Classify(guardrail, candidateWindow, elapsed);
            MetricReading theirs = MetricReading.Classify(guardrail, controlWindow, elapsed);
            judged |= mine.Level != MetricLevel.InsufficientData && threshold.Metric is Metric.ConversionRate or Metric.Roas;
            bool worse = mine.Value is { } v && theirs.Value is { } c && v < c * (1 - DecisionTable.WorseTolerance)
                && (threshold.Metric != Metric.ConversionRate || SignificantlyLower(candidateWindow, controlWindow));
            if (mine.Level == MetricLevel.Critical || (mine.Level == MetricLevel.Breach && worse))
            {
                findings.Add($"{threshold.Metric.Name()} {mine.Value:0.####} on the new content against {theirs.Value:0.####} on the current ({mine.Level.ToString().ToLowerInvariant()}; threshold {threshold.Threshold}, hard floor {threshold.HardFloor})");
            }
        }

        return findings.Count > 0 ? new GuardrailResult("breach", string.Join("; ", findings))
            : judged ? new GuardrailResult("pass", $"no guardrail breached at {input.Share:P0}")
            : new GuardrailResult("insufficient_data", $"too few clicks on the new content at {input.Share:P0} to judge");
    }

    /// <summary>A one-sided two-proportion z-test at p &lt; 0.01: a few conversions more or less on a small audience are not a regression.</summary>
    private static bool SignificantlyLower(MetricWindow candidate, MetricWindow control)
    {
        double n1 = candidate.Clicks, n2 = control.Clicks;
        double x1 = candidate.Channels.Sum(c => c.Conversions), x2 = control.Channels.Sum(c => c.Conversions);
        double pooled = (x1 + x2) / (n1 + n2);
        double se = Math.Sqrt(pooled * (1 - pooled) * ((1 / n1) + (1 / n2)));
        return se > 0 && ((x2 / n2) - (x1 / n1)) / se > 2.326;
    }
}
