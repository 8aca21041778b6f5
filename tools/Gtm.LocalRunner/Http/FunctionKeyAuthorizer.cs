using System.Security.Cryptography;
using System.Text;
using Microsoft.Azure.Functions.Worker;
using Microsoft.AspNetCore.Http;
using Gtm.LocalRunner.Settings;
using Microsoft.Extensions.Options;

namespace Gtm.LocalRunner.Http;

/// <summary>
/// Azure Functions' keys: the <c>x-functions-key</c> header or the <c>code</c> query parameter.
/// Function level accepts a function key or the master key; admin level the master key only.
/// With no keys configured, nothing but anonymous functions answers.
/// </summary>
internal sealed class FunctionKeyAuthorizer(IOptionsMonitor<FunctionKeyOptions> options)
{
    public const string HeaderName = "x-functions-key";

    public bool IsAuthorized(HttpRequest request, AuthorizationLevel level)
    {
        if (level == AuthorizationLevel.Anonymous)
        {
            return true;
        }

        string? presented = request.Headers[HeaderName].FirstOrDefault() ?? request.Query["code"].FirstOrDefault();
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        FunctionKeyOptions keys = options.CurrentValue;
        if (Matches(presented, keys.Master))
        {
            return true;
        }

        return level == AuthorizationLevel.Function
            && (keys.Function ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Any(key => Matches(presented, key));
    }

    /// <summary>True when the presented key is the master key.</summary>
    public bool IsMaster(HttpRequest request) =>
        Matches(request.Headers[HeaderName].FirstOrDefault() ?? request.Query["code"].FirstOrDefault(), options.CurrentValue.Master);

    private static bool Matches(string? presented, string? key) =>
        !string.IsNullOrEmpty(presented) && !string.IsNullOrEmpty(key)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(key));
}
