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
}
