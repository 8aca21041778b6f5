using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Gtm.Channels.Live.Configuration;
using Gtm.Channels.Live.Http;

namespace Gtm.Channels.Live.GoogleAds;

/// <summary>
/// Google Ads REST: <c>POST /v{N}/customers/{cid}/{resource}:mutate</c> with one operation, and
/// GAQL through <c>googleAds:searchStream</c>. Authorization, developer-token and
/// login-customer-id ride on the named HttpClient (see <see cref="GoogleAdsChannels"/>).
/// </summary>
internal sealed class GoogleAdsApi(PlatformHttp http, GoogleAdsOptions options)
{
    public string CustomerId => options.CustomerId!;

    private string Root => $"v{options.ApiVersion}/customers/{options.CustomerId}";

    /// <summary>Applies one operation; answers the resource name it created or changed.</summary>
    public async Task<string> MutateAsync(string resource, JsonObject operation, CancellationToken cancellation)
    {
        var body = new JsonObject { ["operations"] = new JsonArray(operation) };
        JsonNode? answer = await http.SendAsync(Post($"{Root}/{resource}:mutate", body), cancellation).ConfigureAwait(false);
        return answer?["results"]?[0]?["resourceName"]?.ToString()
            ?? throw new ChannelException(http.Platform.Channel, $"{resource}:mutate answered without a resource name");
    }

    /// <summary>
    /// Sends one operation with <c>validateOnly</c>: Google checks it as it would apply it and
    /// changes nothing, answering no resource name. A refusal fails as any mutate does.
    /// </summary>
    public async Task ValidateAsync(string resource, JsonObject operation, CancellationToken cancellation)
    {
        var body = new JsonObject { ["operations"] = new JsonArray(operation), ["validateOnly"] = true };
        await http.SendAsync(Post($"{Root}/{resource}:mutate", body), cancellation).ConfigureAwait(false);
    }

    /// <summary>
    /// A custom method on a resource, <c>POST /v{N}/{resourceName}:{method}</c> with an empty body
    /// (an experiment's <c>scheduleExperiment</c>, <c>endExperiment</c>, <c>promoteExperiment</c>).
    /// Long-running ones answer an operation the product does not wait on: the experiment's status says how it went.
    /// </summary>
    public Task CallAsync(string resourceName, string method, CancellationToken cancellation) =>
        http.SendAsync(Post($"v{options.ApiVersion}/{resourceName}:{method}", []), cancellation);

    /// <summary>Every row of a GAQL query, across the stream's batches.</summary>
    public async Task<IReadOnlyList<JsonNode>> SearchAsync(string query, CancellationToken cancellation)
    {
        JsonNode? answer = await http.SendAsync(Post($"{Root}/googleAds:searchStream", new JsonObject { ["query"] = query }), cancellation).ConfigureAwait(false);
        return [.. (answer?.AsArray() ?? []).SelectMany(batch => batch?["results"]?.AsArray() ?? []).OfType<JsonNode>()];
    }

    /// <summary>An int64 as Google's JSON writes it (a string) or as a number.</summary>
    public static long Int64(JsonNode? value) => value is null ? 0 : long.Parse(value.ToString(), CultureInfo.InvariantCulture);

    public static double Double(JsonNode? value) => value is null ? 0 : double.Parse(value.ToString(), CultureInfo.InvariantCulture);

    private static HttpRequestMessage Post(string path, JsonObject body) => new(HttpMethod.Post, path)
    {
        Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
    };
}
