using Gtm.LocalRunner.Invocation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Gtm.LocalRunner.Telemetry;

/// <summary>
/// OpenTelemetry traces and metrics when host.json says <c>"telemetryMode": "OpenTelemetry"</c>, as
/// Azure Functions does: the runner's invocations, the app's own sources and meters (<c>Gtm.*</c>),
/// DurableTask and ASP.NET Core. They go where the standard variables say: the console when
/// OTEL_TRACES_EXPORTER is <c>console</c>, else OTLP to OTEL_EXPORTER_OTLP_ENDPOINT; with neither
/// set there is nowhere to send them, and nothing is collected.
/// </summary>
internal static class RunnerTelemetry
{
    public static IServiceCollection AddRunnerTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (!string.Equals(configuration["telemetryMode"], "OpenTelemetry", StringComparison.OrdinalIgnoreCase))
        {
            return services;
        }

        bool console = string.Equals(configuration["OTEL_TRACES_EXPORTER"], "console", StringComparison.OrdinalIgnoreCase);
        if (!console && string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? "gtm-functions"))
            .WithTracing(tracing =>
            {
                tracing.AddSource(FunctionInvoker.SourceName, "Gtm.*", "DurableTask.*").AddAspNetCoreInstrumentation();
                _ = console ? tracing.AddConsoleExporter() : tracing.AddOtlpExporter();
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter("Gtm.*").AddAspNetCoreInstrumentation();
                _ = console ? metrics.AddConsoleExporter() : metrics.AddOtlpExporter();
            });
        return services;
    }
}
