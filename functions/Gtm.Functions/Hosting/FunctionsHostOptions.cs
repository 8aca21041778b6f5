using Microsoft.Extensions.Configuration;

namespace Gtm.Functions.Hosting;

/// <summary>The host's own settings from host.json (validated against its schema before binding).</summary>
public sealed class FunctionsHostOptions
{
    /// <summary>host.json <c>functionTimeout</c>: an invocation is cancelled after this.</summary>
    public TimeSpan FunctionTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>host.json <c>extensions.http.routePrefix</c>.</summary>
    public string RoutePrefix { get; set; } = "api";

    /// <summary>host.json <c>extensions.http.maxRequestBodySize</c>, in bytes.</summary>
    public long MaxRequestBodySize { get; set; } = 1024 * 1024;

    public static void Bind(IConfiguration configuration, FunctionsHostOptions options)
    {
        if (configuration["functionTimeout"] is { } timeout)
        {
            options.FunctionTimeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture);
        }

        IConfigurationSection http = configuration.GetSection("extensions:http");
        options.RoutePrefix = (http["routePrefix"] ?? options.RoutePrefix).Trim('/');
        options.MaxRequestBodySize = http.GetValue("maxRequestBodySize", options.MaxRequestBodySize);
    }
}

/// <summary>Keys for HTTP functions, from app settings <c>Keys:Function</c> (comma-separated) and <c>Keys:Master</c>.</summary>
public sealed class FunctionKeyOptions
{
    public string? Function { get; set; }

    public string? Master { get; set; }
}
