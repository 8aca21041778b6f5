using System.Diagnostics.Metrics;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Gtm.Durable.AzureStorage;

/// <summary>
/// Counts every request the backend makes to Azure Storage, by service and method, as the
/// "gtm.durable.storage.requests" metric: what the engine costs in storage transactions.
/// </summary>
internal sealed class StorageRequestMetrics(string service) : HttpPipelineSynchronousPolicy
{
    private static readonly Counter<long> Requests =
        Gtm.Durable.Worker.DurableTaskTelemetry.Meter.CreateCounter<long>("gtm.durable.storage.requests", description: "Requests sent to Azure Storage");

    public override void OnSendingRequest(HttpMessage message) =>
        Requests.Add(1, new KeyValuePair<string, object?>("service", service), new KeyValuePair<string, object?>("method", message.Request.Method.Method));
}
