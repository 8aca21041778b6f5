using Azure.Data.Tables;

namespace Gtm.Durable.AzureStorage;

/// <summary>An instance's partition as one query read it: state, history chunks, inbox and outbox rows.</summary>
internal sealed class PartitionRows
{
    public TableEntity? State { get; private set; }

    public List<TableEntity> History { get; } = [];

    public List<TableEntity> Inbox { get; } = [];

    public List<TableEntity> Outbox { get; } = [];

    public static async Task<PartitionRows> LoadAsync(TableClient table, string instanceId, CancellationToken cancellationToken)
    {
        var rows = new PartitionRows();
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}");
        await foreach (TableEntity row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return rows;
    }

    private void Add(TableEntity row)
    {
        if (row.RowKey == RowKeys.State)
        {
            State = row;
        }
        else if (row.RowKey.StartsWith(RowKeys.HistoryPrefix, StringComparison.Ordinal))
        {
            History.Add(row);
        }
        else if (row.RowKey.StartsWith(RowKeys.InboxPrefix, StringComparison.Ordinal))
        {
            Inbox.Add(row);
        }
        else if (row.RowKey.StartsWith(RowKeys.OutboxPrefix, StringComparison.Ordinal))
        {
            Outbox.Add(row);
        }
    }

    /// <summary>Inbox rows that may be applied now, oldest first.</summary>
    public List<TableEntity> VisibleInbox(DateTime now) => [.. Inbox
        .Where(row => row.GetDateTime("VisibleAt") is not { } visibleAt || visibleAt <= now)
        .OrderBy(row => row.GetDateTime("EnqueuedAt"))
        .ThenBy(row => row.RowKey, StringComparer.Ordinal)];

    /// <summary>The history chunks of one execution, in order.</summary>
    public List<TableEntity> HistoryOf(string executionId) => [.. History
        .Where(row => RowKeys.IsHistoryOf(row.RowKey, executionId))
        .OrderBy(row => row.RowKey, StringComparer.Ordinal)];
}
