namespace Gtm.Domain.Budgeting;

/// <summary>
/// One channel's posterior. Conversions are Poisson in spend with a rate per unit of spend that is
/// Gamma(RateShape, RateRate): the conjugate pair, so the totals in <see cref="ChannelEvidence"/> are
/// all it needs. The value of a conversion is exponential with a rate that is Gamma(ValueShape, ValueRate):
/// also conjugate, and its sufficient statistics are exactly the evidence's count and total value, where a
/// lognormal or gamma-with-unknown-shape model would need the individual values the evidence does not carry.
/// </summary>
internal sealed record ChannelPosterior(double RateShape, double RateRate, double ValueShape, double ValueRate)
{
    /// <summary>
    /// Priors weigh as one conversion at the pooled figures of all channels. A fixed prior would have to
    /// know the currency and the business (conversions per unit of spend differ by orders of magnitude between
    /// ventures); centred on the pool it is weak on any scale, and a channel without
    /// evidence starts as an average channel with wide uncertainty.
    /// </summary>
    private const double PriorConversions = 1;

    public static ChannelPosterior[] For(IReadOnlyList<ChannelBounds> channels, IReadOnlyList<ChannelEvidence> evidence)
    {
        double spend = evidence.Sum(e => (double)e.Spend);
        double conversions = evidence.Sum(e => (double)e.Conversions);
        double value = evidence.Sum(e => (double)e.ConversionValue);

        // With no spend yet every channel has the same prior, so its scale is irrelevant: take 1.
        double rateRate = spend > 0 ? PriorConversions * spend / Math.Max(conversions, 1) : 1;
        double valuePerConversion = conversions > 0 && value > 0 ? value / conversions : 1;

        // Shape 1 + 1 so that the mean value per conversion, ValueRate / (ValueShape - 1), exists from the start.
        double valueShape = PriorConversions + 1;
        double valueRate = PriorConversions * valuePerConversion;

        return [.. channels.Select(c =>
        {
            ChannelEvidence? e = evidence.FirstOrDefault(x => x.Channel == c.Channel);
            return e is null
                ? new ChannelPosterior(PriorConversions, rateRate, valueShape, valueRate)
                : new ChannelPosterior(PriorConversions + e.Conversions, rateRate + (double)e.Spend, valueShape + e.Conversions, valueRate + (double)e.ConversionValue);
        })];
    }

    /// <summary>One draw of the objective per unit of spend.</summary>
    public double Draw(Random random, AllocationObjective objective)
    {
        double rate = GammaSampler.Gamma(random, RateShape, RateRate);
        return objective == AllocationObjective.Conversions ? rate : rate / GammaSampler.Gamma(random, ValueShape, ValueRate);
    }

    /// <summary>The posterior mean of the objective per unit of spend (rate and value are independent a posteriori).</summary>
    public double Mean(AllocationObjective objective) =>
        RateShape / RateRate * (objective == AllocationObjective.Conversions ? 1 : ValueRate / (ValueShape - 1));
}
