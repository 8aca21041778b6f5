using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Gtm.Channels.Live.Configuration;
using Gtm.Channels.Live.Http;

namespace Gtm.Channels.Live.LinkedIn;

/// <summary>
/// LinkedIn's versioned Marketing API under <c>/rest</c>, Rest.li 2.0: campaigns and creatives of
/// the ad account (finders with <c>q=</c>, creates answered by an id header, changes as
/// <c>PARTIAL_UPDATE</c> patches) and <c>adAnalytics</c>. The bearer token, <c>LinkedIn-Version</c>
/// and <c>X-Restli-Protocol-Version</c> ride on the named HttpClient (see <see cref="LinkedInChannels"/>).
/// </summary>
internal sealed class LinkedInApi(PlatformHttp http, LinkedInOptions options)
{
    /// <summary>The metrics asked of adAnalytics; LinkedIn returns only the fields named.</summary>
    public const string MetricFields = "impressions,clicks,costInLocalCurrency,externalWebsiteConversions,oneClickLeads,conversionValueInLocalCurrency";

    public LinkedInOptions Options => options;

    private string Account => $"rest/adAccounts/{options.AdAccountId}";

    public async Task<JsonNode> GetCampaignAsync(string id, CancellationToken cancellation) =>
        await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"{Account}/adCampaigns/{id}"), cancellation).ConfigureAwait(false)
            ?? throw new ChannelException(http.Platform.Channel, $"campaign {id} was answered with an empty body");

    /// <summary>The account's campaigns of that name (the search finder).</summary>
    public Task<IReadOnlyList<JsonNode>> SearchCampaignsAsync(string name, CancellationToken cancellation) =>
        ElementsAsync($"{Account}/adCampaigns?q=search&search=(name:(values:{Restli.List([name])}))", cancellation);

    /// <summary>Creates a campaign, sent at most once (LinkedIn would make a second of the same name); answers the id LinkedIn puts in a header.</summary>
    public async Task<string> CreateCampaignAsync(JsonObject campaign, CancellationToken cancellation)
    {
        using HttpRequestMessage request = Post($"{Account}/adCampaigns", campaign).Once();
        (_, HttpResponseHeaders headers) = await http.SendWithHeadersAsync(request, cancellation).ConfigureAwait(false);
        return (Header(headers, "x-restli-id") ?? Header(headers, "x-linkedin-id")) is { } id
            ? Restli.Id(id)
            : throw new ChannelException(http.Platform.Channel, $"creating campaign '{campaign["name"]}' was answered without an x-restli-id header");
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out IEnumerable<string>? values) ? values.FirstOrDefault(v => v.Length > 0) : null;

    public Task UpdateCampaignAsync(string id, JsonObject set, CancellationToken cancellation) =>
        PartialUpdateAsync($"{Account}/adCampaigns/{id}", set, cancellation);

    /// <summary>The campaign's creatives (a campaign holds at most 100, one page), with their intendedStatus and name.</summary>
    public async Task<IReadOnlyList<JsonNode>> CreativesAsync(string campaignId, CancellationToken cancellation)
    {
        string path = $"{Account}/creatives?q=criteria&campaigns={Restli.List([Restli.CampaignUrn(campaignId)])}&pageSize=100";
        List<JsonNode> all = [];
        string? token = null;
        do
        {
            JsonNode? page = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, token is null ? path : $"{path}&pageToken={Restli.Encode(token)}"), cancellation).ConfigureAwait(false);
            all.AddRange(page?["elements"]?.AsArray().OfType<JsonNode>() ?? []);
            token = page?["metadata"]?["nextPageToken"]?.ToString() is { Length: > 0 } next && next != token ? next : null;
        }
        while (token is not null);
        return all;
    }

    /// <summary>Creatives are keyed by their URN, percent-encoded into the path.</summary>
    public Task UpdateCreativeAsync(string creativeUrn, JsonObject set, CancellationToken cancellation) =>
        PartialUpdateAsync($"{Account}/creatives/{Restli.Encode(creativeUrn)}", set, cancellation);

    /// <summary>
    /// Totals since <paramref name="since"/> over the whole period (<c>timeGranularity=ALL</c>), one
    /// row per <paramref name="pivot"/> value, for the entities of <paramref name="facet"/>
    /// (<c>campaigns</c> or <c>creatives</c>) named by <paramref name="urns"/>.
    /// </summary>
    public Task<IReadOnlyList<JsonNode>> AnalyticsAsync(string pivot, string facet, IEnumerable<string> urns, DateOnly since, CancellationToken cancellation) =>
        ElementsAsync($"rest/adAnalytics?q=analytics&pivot={pivot}&timeGranularity=ALL&dateRange=(start:{Restli.Date(since)})&{facet}={Restli.List(urns)}&fields={MetricFields}", cancellation);

    private async Task<IReadOnlyList<JsonNode>> ElementsAsync(string pathAndQuery, CancellationToken cancellation)
    {
        JsonNode? answer = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, pathAndQuery), cancellation).ConfigureAwait(false);
        return [.. answer?["elements"]?.AsArray().OfType<JsonNode>() ?? []];
    }

    /// <summary>Sets the fields given and leaves every other as it is; setting the same values again changes nothing.</summary>
    private async Task PartialUpdateAsync(string path, JsonObject set, CancellationToken cancellation)
    {
        using HttpRequestMessage request = Post(path, new JsonObject { ["patch"] = new JsonObject { ["$set"] = set } });
        request.Headers.Add("X-RestLi-Method", "PARTIAL_UPDATE");
        await http.SendAsync(request, cancellation).ConfigureAwait(false);
    }

    private static HttpRequestMessage Post(string path, JsonObject body) => new(HttpMethod.Post, path)
    {
        Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
    };
}
