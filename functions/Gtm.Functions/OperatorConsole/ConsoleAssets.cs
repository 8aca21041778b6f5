using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Gtm.Functions.OperatorConsole;

/// <summary>
/// C12: the operator console, served by the app itself: <c>/</c> is its page, <c>/console/...</c>
/// its scripts, styles and chart libraries, all embedded in the assembly at build time. Anonymous,
/// as a page must load before the operator has entered a key; every data call it makes carries the
/// key. The content security policy allows only the app's own scripts, so text that reaches the
/// page as markup could never run.
/// </summary>
public sealed class ConsoleAssets
{
    private const string Prefix = "console/";

    private static readonly FrozenDictionary<string, Asset> Assets = Load();

    [Function("ConsolePage")]
    public static IResult Page([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "/")] HttpRequest request) =>
        Serve(request, "index.html");

    [Function("ConsoleAsset")]
    public static IResult File([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/{*path}")] HttpRequest request, string path) =>
        Serve(request, path);

    private static IResult Serve(HttpRequest request, string path)
    {
        if (!Assets.TryGetValue(path, out Asset? asset))
        {
            return Results.NotFound();
        }

        IHeaderDictionary headers = request.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        return request.Headers.IfNoneMatch.Contains(asset.ETag)
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Bytes(asset.Content, asset.ContentType);
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        Assembly assembly = typeof(ConsoleAssets).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(Prefix, StringComparison.Ordinal))
            .ToFrozenDictionary(name => name[Prefix.Length..].Replace('\\', '/'), name =>
            {
                using Stream stream = assembly.GetManifestResourceStream(name)!;
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                byte[] content = copy.ToArray();
                return new Asset(content, ContentType(name), $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"");
            });
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };

    private sealed record Asset(byte[] Content, string ContentType, string ETag);
}
