using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gtm.Functions.Tests.Support;
using Gtm.Testing;

namespace Gtm.Functions.Tests.Ventures;

/// <summary>Drives the venture API as its users do.</summary>
public static class VentureClient
{
    public static Task<JsonElement> LaunchAsync(HttpClient client, string venture, string query = "") =>
        LaunchAsync(client, StandardVenture.Create(venture), query);

    public static async Task<JsonElement> LaunchAsync(HttpClient client, System.Text.Json.Nodes.JsonObject body, string query = "")
    {
        using HttpResponseMessage accepted = await client.PostAsJsonAsync("/api/ventures" + query, body);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        return (await DurableStatus.PollUntilDoneAsync(client, accepted.Headers.Location!)).GetProperty("output");
    }

    public static async Task<Uri> StartRollbackAsync(HttpClient client, string venture, string reason = "test")
    {
        using HttpResponseMessage accepted = await client.PostAsJsonAsync($"/api/ventures/{venture}/rollback", new { requestedBy = "lead@studio", reason });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        return accepted.Headers.Location!;
    }
}
