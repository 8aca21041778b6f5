using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Gtm.Bench.Engine;

/// <summary>Counts the backend's storage requests by service and method while a measurement runs.</summary>
internal sealed class StorageRequestCounter : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<string, long> counts = new(StringComparer.Ordinal);

    public StorageRequestCounter()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "gtm.durable.storage.requests")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string service = "", method = "";
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                if (tag.Key == "service")
                {
                    service = tag.Value as string ?? "";
                }
                else if (tag.Key == "method")
                {
                    method = tag.Value as string ?? "";
                }
            }

            counts.AddOrUpdate($"{service}_{method}".ToLowerInvariant(), value, (_, total) => total + value);
        });
        listener.Start();
    }

    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(counts, StringComparer.Ordinal);

    public void Dispose() => listener.Dispose();
}
