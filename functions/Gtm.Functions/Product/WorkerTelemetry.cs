using Azure.Core;
using Gtm.Activities.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Gtm.Functions.Product;

/// <summary>
/// OpenTelemetry in the worker, as host.json's <c>"telemetryMode": "OpenTelemetry"</c> expects under
/// Azure Functions: the worker's invocation spans and the product's own sources and meters
/// (<c>Gtm.*</c>), exported to Application Insights when APPLICATIONINSIGHTS_CONNECTION_STRING is
/// set and over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is. The local runner sets up its own.
/// </summary>
public static class WorkerTelemetry
{
    public static IServiceCollection AddWorkerTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        IOpenTelemetryBuilder telemetry = services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing => tracing.AddSource("Gtm.*"))
            .WithMetrics(metrics => metrics.AddMeter("Gtm.*"));
        if (configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"] is { Length: > 0 })
        {
            TokenCredential? identity = InsightsIdentity(configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
            telemetry.UseAzureMonitorExporter(exporter => exporter.Credential = identity);
        }

        if (configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 })
        {
            telemetry.UseOtlpExporter();
        }

        return services;
    }

    /// <summary>
    /// The identity Application Insights takes telemetry from when its local authentication is off:
    /// APPLICATIONINSIGHTS_AUTHENTICATION_STRING as Azure Functions reads it, <c>Authorization=AAD</c>
    /// with <c>ClientId=</c> for a user-assigned identity. Without it, the connection string's key is used.
    /// </summary>
    public static TokenCredential? InsightsIdentity(string? authentication)
    {
        Dictionary<string, string> parts = (authentication ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out string? kind))
        {
            return null;
        }

        return kind.Equals("AAD", StringComparison.OrdinalIgnoreCase)
            ? ConnectionIdentity.Managed(parts.GetValueOrDefault("ClientId"))
            : throw new InvalidOperationException($"App setting 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING' must say Authorization=AAD, not Authorization={kind}.");
    }
}
