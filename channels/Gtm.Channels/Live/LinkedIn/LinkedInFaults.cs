using System.Text.Json.Nodes;
using Gtm.Channels.Live.Http;

namespace Gtm.Channels.Live.LinkedIn;

/// <summary>
/// Reads LinkedIn's error body, <c>{"status":400,"code":"...","serviceErrorCode":100,"message":"..."}</c>,
/// with the field-level <c>errorDetails.inputErrors[]</c> some endpoints add (which field, what is wrong).
/// A rejected token (401) and a missing scope or account role (403) name the access token, which
/// is what an operator changes for either.
/// </summary>
internal static class LinkedInFaults
{
    public static PlatformFault Read(string body)
    {
        JsonNode error = JsonNode.Parse(body) ?? throw new InvalidOperationException("no error object");
        string message = error["message"]?.ToString() ?? throw new InvalidOperationException("no message");
        string[] codes = [.. new[] { error["code"]?.ToString(), error["serviceErrorCode"] is { } service ? $"serviceErrorCode {service}" : null }.OfType<string>()];
        string[] inputs = [.. (error["errorDetails"]?["inputErrors"]?.AsArray() ?? []).OfType<JsonNode>().Select(Input)];
        string text = codes.Length > 0 ? $"{string.Join(", ", codes)}: {message}" : message;
        return new PlatformFault(inputs.Length > 0 ? $"{text} ({string.Join("; ", inputs)})" : text);
    }

    private static string Input(JsonNode input)
    {
        string field = input["input"]?["inputPath"]?["fieldPath"]?.ToString() ?? "";
        string description = input["description"]?.ToString() ?? input["code"]?.ToString() ?? "";
        return field.Length > 0 ? $"{field}: {description}" : description;
    }
}
