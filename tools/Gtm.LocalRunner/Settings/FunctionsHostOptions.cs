using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Gtm.LocalRunner.Settings;

/// <summary>The host's own settings: host.json's (validated against its schema before binding) and the request size limit.</summary>
public sealed class FunctionsHostOptions
{
    /// <summary>Azure Functions' default request body limit (100 MB).</summary>
    public const long DefaultMaxRequestBodySize = 100 * 1024 * 1024;

    /// <summary>host.json <c>functionTimeout</c>: an invocation is cancelled after this.</summary>
    public TimeSpan FunctionTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>host.json <c>extensions.http.routePrefix</c>.</summary>
    public string RoutePrefix { get; set; } = "api";

    /// <summary>App setting <c>FUNCTIONS_REQUEST_BODY_SIZE_LIMIT</c>, in bytes, as Azure Functions reads it.</summary>
    public long MaxRequestBodySize { get; set; } = DefaultMaxRequestBodySize;

    public static void Bind(IConfiguration configuration, FunctionsHostOptions options)
    {
        if (configuration["functionTimeout"] is { } timeout)
        {
            options.FunctionTimeout = TimeSpan.Parse(timeout, CultureInfo.InvariantCulture);
        }

        options.RoutePrefix = (configuration["extensions:http:routePrefix"] ?? options.RoutePrefix).Trim('/');
        if (configuration["FUNCTIONS_REQUEST_BODY_SIZE_LIMIT"] is { } limit)
        {
            options.MaxRequestBodySize = long.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out long bytes) && bytes > 0
                ? bytes
                : throw new RunnerConfigurationException($"App setting 'FUNCTIONS_REQUEST_BODY_SIZE_LIMIT' must be a number of bytes above 0, not '{limit}'.");
        }
    }
}

/// <summary>Keys for HTTP functions, from app settings <c>Keys:Function</c> (comma-separated) and <c>Keys:Master</c>.</summary>
public sealed class FunctionKeyOptions
{
    public string? Function { get; set; }

    public string? Master { get; set; }
}
