using Gtm.Channels.Live.Meta;

namespace Gtm.Channels.Tests.Live.Meta;

/// <summary>How long Meta's usage headers hold further calls.</summary>
public sealed class MetaUsageTests
{
    private static TimeSpan Hold(params (string Name, string Value)[] headers)
    {
        using var response = new HttpResponseMessage();
        foreach ((string name, string value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return MetaUsage.Hold(response.Headers);
    }

    [Fact]
    public void The_longest_business_use_case_estimate_wins_in_minutes()
    {
        string usage = """{"111":[{"type":"ads_management","call_count":40,"total_cputime":5,"total_time":5,"estimated_time_to_regain_access":0}],"222":[{"type":"ads_insights","call_count":100,"total_cputime":20,"total_time":20,"estimated_time_to_regain_access":12},{"type":"ads_management","call_count":100,"total_cputime":20,"total_time":20,"estimated_time_to_regain_access":3}]}""";
        Assert.Equal(TimeSpan.FromMinutes(12), Hold(("X-Business-Use-Case-Usage", usage)));
    }

    [Theory]
    [InlineData("""{"call_count":95,"total_cputime":10,"total_time":10}""", 60)]
    [InlineData("""{"call_count":20,"total_cputime":97,"total_time":10}""", 60)]
    [InlineData("""{"call_count":94,"total_cputime":94,"total_time":94}""", 0)]
    public void App_usage_at_the_high_water_mark_holds_for_the_cool_down(string usage, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Hold(("X-App-Usage", usage)));

    [Theory]
    [InlineData("""{"acc_id_util_pct":99.5,"reset_time_duration":240,"ads_api_access_tier":"standard_access"}""", 240)]
    [InlineData("""{"acc_id_util_pct":96,"reset_time_duration":0,"ads_api_access_tier":"standard_access"}""", 60)]
    [InlineData("""{"acc_id_util_pct":9.67,"reset_time_duration":300,"ads_api_access_tier":"standard_access"}""", 0)]
    public void Ad_account_usage_at_the_high_water_mark_holds_until_its_reset(string usage, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Hold(("X-Ad-Account-Usage", usage)));

    [Fact]
    public void No_or_malformed_headers_hold_nothing() =>
        Assert.Equal(TimeSpan.Zero, Hold(("X-Business-Use-Case-Usage", "not json"), ("X-App-Usage", "[1,2]")));
}
