namespace Gtm.Channels.Tests;

public sealed class CurrencyUnitsTests
{
    [Theory]
    [InlineData("USD", "12.34", 1234L, 12_340_000L)]
    [InlineData("JPY", "1000.7", 1000L, 1_000_000_000L)]
    [InlineData("KRW", "25000", 25000L, 25_000_000_000L)]
    [InlineData("KWD", "1.2345", 1234L, 1_234_000L)]
    [InlineData("BHD", "10", 10_000L, 10_000_000L)]
    [InlineData("OMR", "0.001", 1L, 1_000L)]
    [InlineData("JOD", "2.5", 2_500L, 2_500_000L)]
    [InlineData("TND", "3.999", 3_999L, 3_999_000L)]
    public void Minor_units_and_micros_follow_the_currencys_decimals_rounding_down(string currency, string amount, long minor, long micros)
    {
        decimal value = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(minor, CurrencyUnits.ToMinorUnits(value, currency));
        Assert.Equal(micros, CurrencyUnits.ToMicros(value, currency));
    }

    [Theory]
    [InlineData("JPY", 1500L, "1500")]
    [InlineData("KWD", 1500L, "1.5")]
    [InlineData("EUR", 1500L, "15")]
    public void Minor_units_read_back_as_the_amount(string currency, long minor, string amount) =>
        Assert.Equal(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), CurrencyUnits.FromMinorUnits(minor, currency));

    [Fact]
    public void A_code_that_is_not_iso_4217_is_rejected() =>
        Assert.Throws<ArgumentException>(() => CurrencyUnits.Exponent("EURO"));
}
