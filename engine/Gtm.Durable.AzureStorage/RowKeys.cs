namespace Gtm.Durable.AzureStorage;

/// <summary>
/// The rows of an instance's partition. Everything an episode changes sits in this one partition,
/// so it commits in one entity-group transaction.
/// </summary>
internal static class RowKeys
{
    /// <summary>The instance: status, input, output, lock owner and expiry.</summary>
    public const string State = "$state";

    public const string HistoryPrefix = "h-";

    public const string InboxPrefix = "i-";

    public const string OutboxPrefix = "o-";

    /// <summary>One chunk of history per episode.</summary>
    public static string History(string executionId, int chunk) => $"h-{executionId}-{chunk:D6}";

    /// <summary>An event waiting for this instance, keyed by its deterministic message id.</summary>
    public static string Inbox(string messageId) => $"i-{messageId}";

    /// <summary>What an episode sends, delivered after its commit and deleted once delivered.</summary>
    public static string Outbox(string episodeId) => $"o-{episodeId}";

    public static bool IsHistoryOf(string rowKey, string executionId) => rowKey.StartsWith($"h-{executionId}-", StringComparison.Ordinal);
}
