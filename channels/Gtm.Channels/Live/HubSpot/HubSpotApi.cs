using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Gtm.Channels.Live.Http;

namespace Gtm.Channels.Live.HubSpot;

/// <summary>
/// HubSpot's REST endpoints this client uses: marketing emails (<c>/marketing/v3/emails</c>),
/// workflows (<c>/automation/v4/flows</c>) and the contacts search (<c>/crm/v3/objects/contacts/search</c>).
/// The bearer token rides on the named HttpClient.
/// </summary>
internal sealed class HubSpotApi(PlatformHttp http)
{
    private const string Emails = "marketing/v3/emails";
    private const string Flows = "automation/v4/flows";

    /// <summary>Pages read at most when looking a name up: 100 per page, so 5,000 workflows or recent emails.</summary>
    private const int MaxPages = 50;

    public Task<JsonObject> GetEmailAsync(string emailId, bool withStatistics, CancellationToken cancellation, bool archived = false) =>
        SendAsync(HttpMethod.Get, $"{Emails}/{emailId}?includeStats={Flag(withStatistics)}&archived={Flag(archived)}", null, cancellation);

    public Task<JsonObject> CreateEmailAsync(JsonObject email, CancellationToken cancellation) => SendAsync(HttpMethod.Post, Emails, email, cancellation, once: true);

    public Task<JsonObject> UpdateEmailAsync(string emailId, JsonObject changes, CancellationToken cancellation) =>
        SendAsync(HttpMethod.Patch, $"{Emails}/{emailId}", changes, cancellation);

    /// <summary>Publishes an automated email so a workflow can send it (Marketing Hub Enterprise or the transactional add-on).</summary>
    public Task PublishEmailAsync(string emailId, CancellationToken cancellation) => SendAsync(HttpMethod.Post, $"{Emails}/{emailId}/publish", null, cancellation);

    public Task ArchiveEmailAsync(string emailId, CancellationToken cancellation) => SendAsync(HttpMethod.Delete, $"{Emails}/{emailId}", null, cancellation);

    /// <summary>Creates the A/B variation of an email, a draft; HubSpot creates none while one is active.</summary>
    public Task<JsonObject> CreateVariationAsync(string emailId, string variationName, CancellationToken cancellation) =>
        SendAsync(HttpMethod.Post, $"{Emails}/ab-test/create-variation", new JsonObject { ["contentId"] = emailId, ["variationName"] = variationName }, cancellation, once: true);

    public Task<JsonObject> GetVariationAsync(string emailId, CancellationToken cancellation) =>
        SendAsync(HttpMethod.Get, $"{Emails}/{emailId}/ab-test/get-variation", null, cancellation);

    /// <summary>The emails created after <paramref name="createdAfter"/> whose name satisfies <paramref name="match"/>, newest first.</summary>
    public Task<IReadOnlyList<JsonObject>> FindEmailsAsync(Func<string?, bool> match, DateTimeOffset createdAfter, CancellationToken cancellation) =>
        FindAsync($"{Emails}?createdAfter={Uri.EscapeDataString(createdAfter.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture))}&sort=-createdAt&limit=100", match, cancellation);

    public Task<JsonObject> GetFlowAsync(string flowId, CancellationToken cancellation) => SendAsync(HttpMethod.Get, $"{Flows}/{flowId}", null, cancellation);

    public Task<JsonObject> CreateFlowAsync(JsonObject flow, CancellationToken cancellation) => SendAsync(HttpMethod.Post, Flows, flow, cancellation, once: true);

    /// <summary>Replaces a workflow's definition; HubSpot takes the whole definition with the revisionId it was read at.</summary>
    public Task<JsonObject> UpdateFlowAsync(string flowId, JsonObject flow, CancellationToken cancellation) =>
        SendAsync(HttpMethod.Put, $"{Flows}/{flowId}", flow, cancellation);

    /// <summary>The workflows whose name satisfies <paramref name="match"/>, from the account's list (which has no name filter).</summary>
    public Task<IReadOnlyList<JsonObject>> FindFlowsAsync(Func<string?, bool> match, CancellationToken cancellation) => FindAsync($"{Flows}?limit=100", match, cancellation);

    public Task DeleteFlowAsync(string flowId, CancellationToken cancellation) => SendAsync(HttpMethod.Delete, $"{Flows}/{flowId}", null, cancellation);

    /// <summary>How many contacts match all <paramref name="filters"/> (one filter group); the search's total, without reading them.</summary>
    public async Task<long> CountContactsAsync(IEnumerable<JsonObject> filters, CancellationToken cancellation)
    {
        var search = new JsonObject
        {
            ["filterGroups"] = new JsonArray(new JsonObject { ["filters"] = new JsonArray([.. filters.Select(f => f.DeepClone())]) }),
            ["properties"] = new JsonArray("createdate"),
            ["limit"] = 1,
        };
        JsonObject answer = await SendAsync(HttpMethod.Post, "crm/v3/objects/contacts/search", search, cancellation).ConfigureAwait(false);
        return Long(answer["total"]);
    }

    /// <summary>A number as HubSpot writes it: a JSON number or, for ids and some counters, a string.</summary>
    public static long Long(JsonNode? value) => value is null ? 0 : long.Parse(value.ToString(), CultureInfo.InvariantCulture);

    public static string Text(JsonNode? value) => value?.ToString() ?? "";

    private async Task<IReadOnlyList<JsonObject>> FindAsync(string firstPage, Func<string?, bool> match, CancellationToken cancellation)
    {
        List<JsonObject> found = [];
        string? page = firstPage;
        for (int n = 0; page is not null && n < MaxPages; n++)
        {
            JsonObject answer = await SendAsync(HttpMethod.Get, page, null, cancellation).ConfigureAwait(false);
            found.AddRange((answer["results"] as JsonArray ?? []).OfType<JsonObject>().Where(r => match(r["name"]?.ToString())));
            page = answer["paging"]?["next"]?["after"]?.ToString() is { } after ? $"{firstPage}&after={Uri.EscapeDataString(after)}" : null;
        }

        return found;
    }

    /// <param name="once">A create: HubSpot keeps no name unique, so it is not sent again after an attempt whose outcome is unknown.</param>
    private async Task<JsonObject> SendAsync(HttpMethod method, string path, JsonObject? body, CancellationToken cancellation, bool once = false)
    {
        using var request = new HttpRequestMessage(method, path);
        if (once)
        {
            request.Once();
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return await http.SendAsync(request, cancellation).ConfigureAwait(false) as JsonObject ?? [];
    }

    private static string Flag(bool value) => value ? "true" : "false";
}
