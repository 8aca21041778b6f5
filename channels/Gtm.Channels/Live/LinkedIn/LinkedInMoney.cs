using System.Globalization;
using System.Text.Json.Nodes;
using Gtm.Channels.Live.Configuration;

namespace Gtm.Channels.Live.LinkedIn;

/// <summary>
/// LinkedIn takes money as <c>{"amount":"12.34","currencyCode":"EUR"}</c>: a decimal string in the
/// currency's major unit, written with the currency's own decimals (JPY "1500", KWD "12.345").
/// An amount finer than the currency allows is rounded down, as a budget is a ceiling.
/// </summary>
internal static class LinkedInMoney
{
    public static JsonObject Of(decimal amount, string currency) => new()
    {
        ["amount"] = Amount(amount, currency),
        ["currencyCode"] = currency.ToUpperInvariant(),
    };

    public static string Amount(decimal amount, string currency)
    {
        int exponent;
        try
        {
            exponent = CurrencyUnits.Exponent(currency);
        }
        catch (ArgumentException ex)
        {
            throw new ChannelRefusedException(ChannelPlatform.LinkedIn.Channel, ex.Message);
        }

        decimal whole = CurrencyUnits.FromMinorUnits(CurrencyUnits.ToMinorUnits(amount, currency), currency);
        return whole.ToString("F" + exponent.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>A number as LinkedIn writes it, a JSON number or (amounts) a decimal string; 0 when absent.</summary>
    public static decimal Number(JsonNode? value) =>
        value is null ? 0 : decimal.Parse(value.ToString(), NumberStyles.Number, CultureInfo.InvariantCulture);
}
