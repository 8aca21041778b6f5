using System.Text.Json.Nodes;
using WireMock.RequestBuilders;

namespace Gtm.Channels.Tests.Live.Meta;

/// <summary>The stub's ads, ad sets, creatives, insights and studies: what creatives and A/B tests read and change.</summary>
internal sealed partial class MetaStub
{
    /// <summary>Answers <paramref name="method"/> on <paramref name="path"/> (under the Graph version) with <paramref name="body"/>.</summary>
    public void Answer(string method, string path, JsonNode body, int status = 200, int priority = 10) =>
        Server.Given(Request.Create().WithPath($"{Graph}/{path}").UsingMethod(method)).AtPriority(priority)
            .RespondWith(Json(body, status));

    /// <summary>The campaign's ads, as <c>GET /{campaign}/ads</c> lists them.</summary>
    public void Ads(string campaignId, params JsonObject[] ads) => Answer("GET", $"{campaignId}/ads", Page(ads), priority: 5);

    /// <summary>Every change of a node (<c>POST /{id}</c>) answers <c>{"success":true}</c>.</summary>
    public void Changes() =>
        Server.Given(Request.Create().WithPath(p => p.Length > Graph.Length + 1 && p[(Graph.Length + 1)..].All(char.IsAsciiDigit)).UsingPost()).AtPriority(50)
            .RespondWith(Json(new JsonObject { ["success"] = true }));

    public static JsonObject Ad(string id, string name, string status) => new() { ["id"] = id, ["name"] = name, ["status"] = status };

    /// <summary>An edge's page: its items, and no page after it.</summary>
    public static JsonObject Page(params JsonNode[] items) => new() { ["data"] = new JsonArray([.. items.Select(i => i.DeepClone())]), ["paging"] = new JsonObject() };

    /// <summary>The requests in order, as "METHOD path".</summary>
    public IReadOnlyList<string> Calls() => [.. Requests.Select(e => $"{e.RequestMessage.Method} {e.RequestMessage.Path![Graph.Length..]}")];

    /// <summary>The POSTs in order, as "path form", the form's fields in their order.</summary>
    public IReadOnlyList<string> Changed() =>
        [.. Requests.Where(e => e.RequestMessage.Method == "POST").Select(e => $"{e.RequestMessage.Path![Graph.Length..]} {string.Join('&', Form(e).Select(p => $"{p.Key}={p.Value}"))}")];
}
