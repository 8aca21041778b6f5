using System.Text.Json.Nodes;
using Gtm.Channels.Live.Http;

namespace Gtm.Channels.Live.HubSpot;

/// <summary>
/// Reads HubSpot's error body, <c>{"status":"error","message":..,"correlationId":..,"category":..,"errors":[..]}</c>,
/// into its category, message, the details of a validation error, and the correlation id HubSpot's
/// support asks for. Every credential problem points at the private app's token.
/// </summary>
internal static class HubSpotFaults
{
    public static PlatformFault Read(string body)
    {
        JsonObject error = JsonNode.Parse(body) as JsonObject ?? throw new InvalidOperationException("not a JSON object");
        string message = error["message"]?.GetValue<string>() ?? throw new InvalidOperationException("no message");
        string category = error["category"]?.GetValue<string>() ?? error["errorType"]?.GetValue<string>() ?? "";
        IEnumerable<string> details = (error["errors"] as JsonArray ?? []).Select(e => e?["message"]?.GetValue<string>()).OfType<string>().Where(d => d != message);
        string text = string.Join("; ", new[] { message }.Concat(details));
        string correlation = error["correlationId"]?.GetValue<string>() is { } id ? $" (correlationId {id})" : "";
        return new PlatformFault(category.Length > 0 ? $"{category}: {text}{correlation}" : text + correlation);
    }
}
