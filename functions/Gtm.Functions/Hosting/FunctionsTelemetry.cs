using Gtm.Activities.Content;
using Gtm.Durable;
using Gtm.Functions.Declarations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Gtm.Functions.Hosting;

/// <summary>
/// OpenTelemetry traces and metrics of the host, the functions, the engine and the content model, exported as
/// host.json's <c>telemetry.exporter</c> says: none (the default), console, or otlp (to
/// <c>telemetry.otlpEndpoint</c> or the standard OTEL_EXPORTER_OTLP_ENDPOINT).
/// </summary>
public static class FunctionsTelemetry
{
    public static IServiceCollection AddFunctionsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        string exporter = configuration["telemetry:exporter"]
            ?? (configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is null ? "none" : "otlp");
        if (exporter == "none")
        {
            return services;
        }

        Uri? endpoint = configuration["telemetry:otlpEndpoint"] is { } uri ? new Uri(uri) : null;
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("gtm-functions"))
            .WithTracing(tracing =>
            {
                tracing.AddSource(FunctionInvoker.Source.Name, DurableTaskTelemetrySource).AddAspNetCoreInstrumentation();
                _ = exporter == "console" ? tracing.AddConsoleExporter() : tracing.AddOtlpExporter(o => o.Endpoint = endpoint ?? o.Endpoint);
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(DurableTaskTelemetrySource, ContentModelTelemetry.MeterName).AddAspNetCoreInstrumentation();
                _ = exporter == "console" ? metrics.AddConsoleExporter() : metrics.AddOtlpExporter(o => o.Endpoint = endpoint ?? o.Endpoint);
            });
        return services;
    }

    /// <summary>The engine's ActivitySource and Meter name.</summary>
    private const string DurableTaskTelemetrySource = "Gtm.Durable";
}
