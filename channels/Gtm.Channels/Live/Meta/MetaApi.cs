using System.Globalization;
using System.Text.Json.Nodes;
using Gtm.Channels.Live.Configuration;
using Gtm.Channels.Live.Http;

namespace Gtm.Channels.Live.Meta;

/// <summary>
/// The Graph API as the Marketing API uses it: <c>GET /v{N}/{node}?fields=...</c> to read and
/// <c>POST /v{N}/{node}</c> with form fields to create or change, the token as a bearer header
/// (see <see cref="MetaChannels"/>), never in the URL.
/// </summary>
internal sealed class MetaApi(PlatformHttp http, MetaOptions options)
{
    /// <summary>Items per page of an edge: the most Meta gives without slowing the call down.</summary>
    private const string PageSize = "100";

    private string? currency;

    public string Channel => http.Platform.Channel;

    /// <summary>The ad account node, <c>act_{id}</c>.</summary>
    public string AdAccount => $"act_{options.AdAccountId}";

    public string Objective => options.Objective;

    public Task<JsonNode> GetAsync(string node, IReadOnlyDictionary<string, string> query, CancellationToken cancellation) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, $"{Path(node)}?{Encode(query)}"), cancellation);

    /// <param name="singleAttempt">Whether the call must not be repeated when its outcome is unknown (a creation).</param>
    public Task<JsonNode> PostAsync(string node, IReadOnlyDictionary<string, string> form, CancellationToken cancellation, bool singleAttempt = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Path(node)) { Content = new FormUrlEncodedContent(form) };
        return SendAsync(singleAttempt ? request.Once() : request, cancellation);
    }

    /// <summary>
    /// Every item of an edge (<c>data</c>), page after page: Meta pages by cursor, and a page with
    /// <c>paging.next</c> has more after it (<c>after</c> = its <c>paging.cursors.after</c>).
    /// </summary>
    public async Task<IReadOnlyList<JsonNode>> ListAsync(string edge, IReadOnlyDictionary<string, string> query, CancellationToken cancellation)
    {
        List<JsonNode> all = [];
        var page = new Dictionary<string, string>(query) { ["limit"] = PageSize };
        while (true)
        {
            JsonNode answer = await GetAsync(edge, page, cancellation).ConfigureAwait(false);
            all.AddRange(answer["data"]?.AsArray().OfType<JsonNode>() ?? []);
            string? after = answer["paging"]?["next"] is null ? null : answer["paging"]?["cursors"]?["after"]?.ToString();
            if (after is not { Length: > 0 } || after == page.GetValueOrDefault("after"))
            {
                return all;
            }

            page["after"] = after;
        }
    }

    /// <summary>The ad account's currency, which every budget and spend is in. Meta fixes it when the account is made, so it is read once.</summary>
    public async Task<string> AccountCurrencyAsync(CancellationToken cancellation)
    {
        if (Volatile.Read(ref currency) is { } known)
        {
            return known;
        }

        JsonNode account = await GetAsync(AdAccount, new Dictionary<string, string> { ["fields"] = "currency" }, cancellation).ConfigureAwait(false);
        string read = account["currency"]?.ToString() is { Length: 3 } code
            ? code.ToUpperInvariant()
            : throw new ChannelException(Channel, $"ad account {AdAccount} answered without its currency");
        Volatile.Write(ref currency, read);
        return read;
    }

    /// <summary>An int64 or a decimal as the Graph API writes it (a string) or as a number.</summary>
    public static long Int64(JsonNode? value) => value is null ? 0 : (long)decimal.Floor(Decimal(value));

    public static decimal Decimal(JsonNode? value) => value is null ? 0 : decimal.Parse(value.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>A Graph API time: an ISO 8601 string with a <c>+0000</c> offset, or Unix seconds; null when absent or neither.</summary>
    public static DateTimeOffset? Time(JsonNode? value)
    {
        string text = value?.ToString() ?? "";
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds))
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        // .NET reads an offset as +00:00; the Graph API writes +0000.
        string iso = text.Length > 5 && text[^5] is '+' or '-' ? $"{text[..^2]}:{text[^2..]}" : text;
        return DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset time) ? time : null;
    }

    /// <summary>Unix seconds, as the Graph API takes a time in a form.</summary>
    public static string Seconds(DateTimeOffset time) => time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private async Task<JsonNode> SendAsync(HttpRequestMessage request, CancellationToken cancellation)
    {
        using (request)
        {
            return await http.SendAsync(request, cancellation).ConfigureAwait(false)
                ?? throw new ChannelException(Channel, $"{request.Method} {request.RequestUri} answered with an empty body");
        }
    }

    private string Path(string node) => $"{options.VersionSegment}/{node}";

    private static string Encode(IReadOnlyDictionary<string, string> query) =>
        string.Join('&', query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
}
