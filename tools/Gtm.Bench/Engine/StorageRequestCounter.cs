using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Gtm.Bench.Engine;

/// <summary>
/// Counts the HTTP requests made to the storage account while a measurement runs, by service and
/// method (queue_get, table_post...), from .NET's own HTTP client metrics: what the provider costs
/// in storage transactions, polling included.
/// </summary>
internal sealed class StorageRequestCounter : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<string, long> counts = new(StringComparer.Ordinal);

    public StorageRequestCounter(string connectionString)
    {
        Dictionary<int, string> services = Services(connectionString);
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "System.Net.Http" && instrument.Name == "http.client.request.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            string? service = null, method = null;
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                if (tag.Key == "server.port" && tag.Value is int port)
                {
                    services.TryGetValue(port, out service);
                }
                else if (tag.Key == "http.request.method")
                {
                    method = tag.Value as string;
                }
            }

            if (service is not null && method is not null)
            {
                counts.AddOrUpdate($"{service}_{method.ToLowerInvariant()}", 1, (_, total) => total + 1);
            }
        });
        listener.Start();
    }

    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(counts, StringComparer.Ordinal);

    public void Dispose() => listener.Dispose();

    /// <summary>Azurite's services by port, from the connection string's endpoints.</summary>
    private static Dictionary<int, string> Services(string connectionString)
    {
        var services = new Dictionary<int, string>();
        foreach (string part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] pair = part.Split('=', 2);
            if (pair.Length == 2 && pair[0].EndsWith("Endpoint", StringComparison.Ordinal) && Uri.TryCreate(pair[1], UriKind.Absolute, out Uri? endpoint))
            {
                services[endpoint.Port] = pair[0][..^"Endpoint".Length].ToLowerInvariant();
            }
        }

        return services;
    }
}
