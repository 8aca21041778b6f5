using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Gtm.LocalRunner.Timers;

/// <summary>The last occurrence a timer ran for, kept in a blob so missed runs are noticed after a restart.</summary>
internal sealed record TimerScheduleStatus(DateTimeOffset Last, DateTimeOffset Next);

/// <summary>Reads and claims a timer's status; a claim is conditional, so one occurrence runs once.</summary>
internal sealed class TimerScheduleStore(BlobContainerClient container, string function)
{
    private readonly BlobClient blob = container.GetBlobClient($"timers/{function}/status.json");

    public async Task<(TimerScheduleStatus? Status, ETag? ETag)> ReadAsync(CancellationToken cancellation)
    {
        try
        {
            Response<BlobDownloadResult> download = await blob.DownloadContentAsync(cancellation).ConfigureAwait(false);
            return (download.Value.Content.ToObjectFromJson<TimerScheduleStatus>(), download.Value.Details.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return (null, null);
        }
    }

    /// <summary>Records that the occurrence is being run; false if someone else changed the status since it was read.</summary>
    public async Task<bool> TryClaimAsync(TimerScheduleStatus status, ETag? readETag, CancellationToken cancellation)
    {
        var conditions = readETag is { } etag ? new BlobRequestConditions { IfMatch = etag } : new BlobRequestConditions { IfNoneMatch = ETag.All };
        try
        {
            await blob.UploadAsync(BinaryData.FromString(JsonSerializer.Serialize(status)), new BlobUploadOptions { Conditions = conditions }, cancellation).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }
}
