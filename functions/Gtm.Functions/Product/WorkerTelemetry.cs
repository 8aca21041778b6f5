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
            telemetry.UseAzureMonitorExporter();
        }

        if (configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 })
        {
            telemetry.UseOtlpExporter();
        }

        return services;
    }
}
