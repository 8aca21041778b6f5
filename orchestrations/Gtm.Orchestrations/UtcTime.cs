namespace Gtm.Orchestrations;

/// <summary>The orchestration clock's time (always UTC) as the offset time records carry.</summary>
internal static class UtcTime
{
    public static DateTimeOffset Of(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
