namespace Gtm.Durable.Tests.Replay;

/// <summary>A fact that runs only when GTM_RECORD_HISTORIES=1, and shows as skipped otherwise.</summary>
public sealed class RecordHistoriesFactAttribute : FactAttribute
{
    public const string Variable = "GTM_RECORD_HISTORIES";

    public RecordHistoriesFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            Skip = $"Re-records the golden histories in Replay/Histories; run with {Variable}=1 to do so.";
        }
    }
}
