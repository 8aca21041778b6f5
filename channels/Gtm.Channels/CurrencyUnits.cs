namespace Gtm.Channels;

/// <summary>
/// A currency's minor unit (ISO 4217 exponent) and the platform units built on it: Meta's and
/// HubSpot's minor units, Google's micros. Most currencies have two decimals; the ones below do
/// not, and getting them wrong multiplies a JPY budget by 100 or divides a KWD one by 10.
/// </summary>
public static class CurrencyUnits
{
    private static readonly HashSet<string> ZeroDecimal = new(StringComparer.OrdinalIgnoreCase)
    {
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF",
    };

    private static readonly HashSet<string> ThreeDecimal = new(StringComparer.OrdinalIgnoreCase)
    {
        "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND",
    };

    /// <summary>Decimal places of the currency's minor unit: 0 for JPY, 3 for KWD, 2 otherwise.</summary>
    public static int Exponent(string currency)
    {
        if (currency is not { Length: 3 } || !currency.All(char.IsAsciiLetter))
        {
            throw new ArgumentException($"'{currency}' is not an ISO 4217 currency code", nameof(currency));
        }

        return ZeroDecimal.Contains(currency) ? 0 : ThreeDecimal.Contains(currency) ? 3 : 2;
    }

    /// <summary>
    /// The amount in minor units, rounded down: a budget is a ceiling, so a fraction the currency
    /// cannot express is dropped rather than spent (JPY 1,000.7 is 1,000 yen).
    /// </summary>
    public static long ToMinorUnits(decimal amount, string currency) =>
        (long)decimal.Floor(amount * Scale(Exponent(currency)));

    public static decimal FromMinorUnits(long units, string currency) => units / Scale(Exponent(currency));

    /// <summary>
    /// Micros (a millionth of the major unit), as Google Ads takes amounts. Built from the minor
    /// unit, because Google rejects amounts that are not a multiple of it (JPY in whole 1,000,000s).
    /// </summary>
    public static long ToMicros(decimal amount, string currency) =>
        ToMinorUnits(amount, currency) * (long)Scale(6 - Exponent(currency));

    public static decimal FromMicros(long micros) => micros / 1_000_000m;

    private static decimal Scale(int exponent) => exponent switch
    {
        0 => 1m,
        2 => 100m,
        3 => 1_000m,
        4 => 10_000m,
        6 => 1_000_000m,
        _ => throw new ArgumentOutOfRangeException(nameof(exponent), exponent, "unexpected currency exponent"),
    };
}
