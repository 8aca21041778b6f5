using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using WireMock;
using WireMock.Types;
using WireMock.Util;

namespace Gtm.Functions.Tests.Support.LivePlatforms;

/// <summary>Reading a simulated platform's requests and writing its answers.</summary>
internal static class Http
{
    public static ResponseMessage Json(JsonNode body, int status = 200) => Answer(status, body.ToJsonString(), "application/json");

    /// <summary>An answer without a body (201 or 204), with headers such as a created id.</summary>
    public static ResponseMessage Empty(int status, params (string Name, string Value)[] headers)
    {
        ResponseMessage response = Answer(status, null, null);
        foreach ((string name, string value) in headers)
        {
            response.AddHeader(name, value);
        }

        return response;
    }

    public static string? Header(IRequestMessage request, string name) =>
        request.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    /// <summary>The query's parameters, percent-decoded.</summary>
    public static Dictionary<string, string> Query(IRequestMessage request) => Decode(request.RawQuery ?? "");

    /// <summary>A form body's fields, percent-decoded.</summary>
    public static Dictionary<string, string> Form(IRequestMessage request) => Decode(request.Body ?? "");

    public static JsonObject? JsonBody(IRequestMessage request)
    {
        try
        {
            return JsonNode.Parse(request.Body ?? "") as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static Dictionary<string, string> Decode(string text) =>
        QueryHelpers.ParseQuery(text).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);

    private static ResponseMessage Answer(int status, string? body, string? contentType)
    {
        var response = new ResponseMessage
        {
            StatusCode = status,
            Headers = new Dictionary<string, WireMockList<string>>(StringComparer.OrdinalIgnoreCase),
        };
        if (body is not null)
        {
            response.BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 };
            response.AddHeader("Content-Type", contentType!);
        }

        return response;
    }
}
