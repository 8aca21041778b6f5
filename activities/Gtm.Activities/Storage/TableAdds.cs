using Azure;
using Azure.Data.Tables;

namespace Gtm.Activities.Storage;

internal static class TableAdds
{
    /// <summary>Adds the row; false when a row of its keys is there already, which the add leaves as it was.</summary>
    public static async Task<bool> AddIfAbsentAsync(this TableClient table, TableEntity row, CancellationToken cancellation)
    {
        try
        {
            await table.AddEntityAsync(row, cancellation).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }
}
