using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;

namespace Gtm.LocalRunner.Timers;

/// <summary>
/// A blob lease that makes one process the singleton for a name, however many hosts run: held
/// for <see cref="Duration"/> and renewed by its holder; another host takes over once it lapses.
/// </summary>
internal sealed class BlobLease(BlobContainerClient container, string name, TimeSpan duration)
{
    private readonly BlobClient blob = container.GetBlobClient(name);
    private BlobLeaseClient? lease;

    public TimeSpan Duration => duration;

    public bool Held => lease is not null;

    public async Task<bool> TryAcquireAsync(CancellationToken cancellation)
    {
        try
        {
            await blob.UploadAsync(BinaryData.FromString(""), overwrite: false, cancellation).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Exists already (or is leased): fine, the lease is what matters.
        }

        BlobLeaseClient candidate = blob.GetBlobLeaseClient();
        try
        {
            await candidate.AcquireAsync(duration, cancellationToken: cancellation).ConfigureAwait(false);
            lease = candidate;
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Renews; false when the lease was lost (it lapsed and another host took it).</summary>
    public async Task<bool> RenewAsync(CancellationToken cancellation)
    {
        if (lease is null)
        {
            return false;
        }

        try
        {
            await lease.RenewAsync(cancellationToken: cancellation).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException)
        {
            lease = null;
            return false;
        }
    }

    public async Task ReleaseAsync()
    {
        if (lease is { } held)
        {
            lease = null;
            try
            {
                await held.ReleaseAsync().ConfigureAwait(false);
            }
            catch (RequestFailedException)
            {
                // Already lapsed: nothing to hand back.
            }
        }
    }
}
