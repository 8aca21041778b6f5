using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Gtm.Durable.Worker;

/// <summary>The engine's traces ("Gtm.Durable" activity source) and metrics ("Gtm.Durable" meter).</summary>
public static class DurableTaskTelemetry
{
    public const string SourceName = "Gtm.Durable";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>The span around an orchestrator's replay, inside the episode's span.</summary>
    public const string ReplaySpan = "replay";

    internal static readonly Meter Meter = new(SourceName);

    internal static readonly Counter<long> Episodes = Meter.CreateCounter<long>("gtm.durable.episodes", description: "Orchestration episodes committed");

    internal static readonly Counter<long> Activities = Meter.CreateCounter<long>("gtm.durable.activities", description: "Activity calls completed");

    internal static readonly Counter<long> Abandoned = Meter.CreateCounter<long>("gtm.durable.abandoned", description: "Work items given back after an infrastructure failure");

    internal static readonly Histogram<double> EpisodeDuration = Meter.CreateHistogram<double>("gtm.durable.episode.duration", "ms");

    internal static readonly Histogram<double> ActivityDuration = Meter.CreateHistogram<double>("gtm.durable.activity.duration", "ms");

    /// <summary>Tag keys of the episode and activity spans.</summary>
    public static class Tags
    {
        public const string InstanceId = "gtm.instance_id";
        public const string ExecutionId = "gtm.execution_id";
        public const string Name = "gtm.name";
        public const string WorkerId = "gtm.worker_id";
        public const string Status = "gtm.status";
    }
}
