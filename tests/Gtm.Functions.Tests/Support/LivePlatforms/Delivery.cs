namespace Gtm.Functions.Tests.Support.LivePlatforms;

/// <summary>What a campaign (or a creative) delivered: fractional counts, reported rounded down as platforms report whole events.</summary>
public sealed class Delivery
{
    public double Spend { get; private set; }

    public double Impressions { get; private set; }

    public double Clicks { get; private set; }

    public double Leads { get; private set; }

    public double Conversions { get; private set; }

    public double ConversionValue { get; private set; }

    public void Add(Delivery more)
    {
        Spend += more.Spend;
        Impressions += more.Impressions;
        Clicks += more.Clicks;
        Leads += more.Leads;
        Conversions += more.Conversions;
        ConversionValue += more.ConversionValue;
    }

    /// <summary>This delivery split into <paramref name="parts"/> equal shares (a rotation's creatives).</summary>
    public Delivery Share(int parts) => new()
    {
        Spend = Spend / parts,
        Impressions = Impressions / parts,
        Clicks = Clicks / parts,
        Leads = Leads / parts,
        Conversions = Conversions / parts,
        ConversionValue = ConversionValue / parts,
    };

    internal static Delivery Of(double spend, double impressions, double clicks, double leads, double conversions, double value) => new()
    {
        Spend = spend,
        Impressions = impressions,
        Clicks = clicks,
        Leads = leads,
        Conversions = conversions,
        ConversionValue = value,
    };
}

/// <summary>
/// How a platform's market answers spend: impressions per currency unit, click-through rate, and
/// per click the leads and conversions, with a value per conversion. Every simulation is a
/// healthy market, a little above the click-through benchmarks the monitoring judges against.
/// </summary>
public sealed record MarketRates(double ImpressionsPerUnit, double ClickRate, double LeadRate, double ConversionRate, double ValuePerConversion)
{
    public Delivery For(double spend) => Reach(spend, spend * ImpressionsPerUnit);

    /// <summary>What emails delivered bring, at no cost per send.</summary>
    public Delivery ForSends(double delivered) => Reach(0, delivered);

    private Delivery Reach(double spend, double impressions)
    {
        double clicks = impressions * ClickRate;
        double conversions = clicks * ConversionRate;
        return Delivery.Of(spend, impressions, clicks, clicks * LeadRate, conversions, conversions * ValuePerConversion);
    }
}
