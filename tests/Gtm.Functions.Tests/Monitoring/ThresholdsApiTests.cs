using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gtm.Activities.Storage;
using Gtm.Functions.Tests.Support;
using Gtm.Functions.Tests.Ventures;

namespace Gtm.Functions.Tests.Monitoring;

[Trait("Category", "Integration")]
public sealed class ThresholdsApiTests : OperatorApiTest
{
    [Fact(Timeout = 120_000)]
    public async Task Thresholds_are_read_with_a_function_key_changed_only_with_the_admin_key_validated_and_audited()
    {
        string venture = $"thr-{Guid.NewGuid():N}"[..16];
        await VentureClient.LaunchAsync(Client, venture);
        using HttpClient ordinary = Host.CreateClient();
        ordinary.DefaultRequestHeaders.Add("x-functions-key", FunctionsHost.FunctionKey);

        JsonElement rows = await ordinary.GetFromJsonAsync<JsonElement>($"/api/ventures/{venture}/thresholds");
        JsonElement conversion = rows.EnumerateArray().Single(r => r.GetProperty("metric").GetString() == "conversion_rate");
        Assert.Equal((0.03, 0.015, 0.0225, 0.01), (conversion.GetProperty("target").GetDouble(), conversion.GetProperty("threshold").GetDouble(), conversion.GetProperty("alert").GetDouble(), conversion.GetProperty("hard_floor").GetDouble()));
        Assert.Equal("daily", conversion.GetProperty("frequency").GetString());

        object change = new { changed_by = "lead@studio", reason = "enterprise deals convert later", threshold = new { target = 0.02, threshold = 0.01, alert = 0.015, hard_floor = 0.005, frequency = "daily", min_sample = 200, min_hours_since_launch = 48, min_spend = 20 } };
        using HttpResponseMessage refused = await ordinary.PutAsJsonAsync($"/api/ventures/{venture}/thresholds/conversion_rate", change);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        object invalid = new { changed_by = "lead@studio", reason = "typo", threshold = new { target = 0.02, threshold = 0.03, alert = 0.015, hard_floor = 0.005, frequency = "daily", min_sample = 200, min_hours_since_launch = 48, min_spend = 20 } };
        using HttpResponseMessage bad = await Client.PutAsJsonAsync($"/api/ventures/{venture}/thresholds/conversion_rate", invalid);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        JsonElement problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        JsonElement error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal("/threshold/threshold", error.GetProperty("pointer").GetString());
        Assert.Contains("alert level", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.PutAsJsonAsync($"/api/ventures/{venture}/thresholds/ctr", change)).StatusCode);

        using HttpResponseMessage changed = await Client.PutAsJsonAsync($"/api/ventures/{venture}/thresholds/conversion_rate", change);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        JsonElement after = (await ordinary.GetFromJsonAsync<JsonElement>($"/api/ventures/{venture}/thresholds")).EnumerateArray().Single(r => r.GetProperty("metric").GetString() == "conversion_rate");
        Assert.Equal(0.02, after.GetProperty("target").GetDouble());

        AuditEntry entry = Assert.Single(await Host.Service<AuditLog>().ListAsync(venture, CancellationToken.None));
        Assert.Equal(("lead@studio", "enterprise deals convert later"), (entry.Who, entry.Why));
        Assert.Contains("0.03", entry.Old, StringComparison.Ordinal);
        Assert.Contains("0.02", entry.New, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_decision_table_is_served()
    {
        JsonElement table = await Client.GetFromJsonAsync<JsonElement>("/api/decision-table");
        Assert.Equal(3, table.GetProperty("recursionBudget").GetInt32());
        Assert.Contains("hard_floor_sustained", table.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
    }
}
