using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Gtm.Functions.Http;

/// <summary>A request's JSON body, or null when it has none (chunked bodies included).</summary>
public static class JsonBody
{
    public static async Task<JsonElement?> ReadAsync(HttpRequest request, CancellationToken cancellation)
    {
        bool hasBody = request.ContentLength is > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        return hasBody ? await JsonSerializer.DeserializeAsync<JsonElement>(request.Body, cancellationToken: cancellation).ConfigureAwait(false) : null;
    }

    /// <summary>The body read as <typeparamref name="T"/> in the contracts' snake_case, or why it could not be.</summary>
    public static async Task<(T? Value, string? Error)> ReadAsAsync<T>(HttpRequest request, CancellationToken cancellation) where T : class
    {
        try
        {
            T? value = await JsonSerializer.DeserializeAsync<T>(request.Body, Gtm.Domain.Ventures.ContractJson.Options, cancellation).ConfigureAwait(false);
            return value is null ? (null, "the body is empty") : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, ex.Path is { Length: > 1 } path ? $"at {path}: {ex.Message}" : ex.Message);
        }
    }
}
