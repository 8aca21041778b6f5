using System.IO.Compression;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Gtm.Durable.AzureStorage;

/// <summary>
/// Stores a string field of a table row within Azure's limits: inline when small, gzip-compressed
/// binary when that fits a property (64 KB), and in a gzip blob otherwise. Blobs are written
/// before the row that points at them, so a row never points at a missing blob.
/// </summary>
internal sealed class PayloadStore(BlobContainerClient container)
{
    /// <summary>A string property holds 64 KB of UTF-16: 32K characters. Stay under it.</summary>
    public const int MaxInlineChars = 30_000;

    public const int MaxCompressedBytes = 60_000;

    private const string CompressedSuffix = "_gz";
    private const string BlobSuffix = "_blob";

    /// <summary>Sets <paramref name="field"/> on the entity; <paramref name="blobName"/> is used only if the value needs a blob.</summary>
    public async Task WriteAsync(TableEntity entity, string field, string? value, string blobName, CancellationToken cancellationToken)
    {
        entity.Remove(field);
        entity.Remove(field + CompressedSuffix);
        entity.Remove(field + BlobSuffix);
        if (value is null)
        {
            return;
        }

        if (value.Length <= MaxInlineChars)
        {
            entity[field] = value;
            return;
        }

        byte[] compressed = Compress(value);
        if (compressed.Length <= MaxCompressedBytes)
        {
            entity[field + CompressedSuffix] = compressed;
            return;
        }

        await container.GetBlobClient(blobName).UploadAsync(new BinaryData(compressed), overwrite: true, cancellationToken).ConfigureAwait(false);
        entity[field + BlobSuffix] = blobName;
    }

    public async Task<string?> ReadAsync(TableEntity entity, string field, CancellationToken cancellationToken)
    {
        if (entity.TryGetValue(field, out object? inline) && inline is string text)
        {
            return text;
        }

        if (entity.TryGetValue(field + CompressedSuffix, out object? compressed) && compressed is byte[] bytes)
        {
            return Decompress(bytes);
        }

        if (entity.TryGetValue(field + BlobSuffix, out object? blob) && blob is string blobName)
        {
            return await ReadBlobAsync(blobName, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>The blob a field points at, if any: deleted once the row is gone.</summary>
    public static string? BlobOf(TableEntity entity, string field) =>
        entity.TryGetValue(field + BlobSuffix, out object? blob) ? blob as string : null;

    /// <summary>Queue messages have a 64 KB limit: large message bodies go to a blob too.</summary>
    public async Task<string> WriteBlobAsync(string blobName, string value, CancellationToken cancellationToken)
    {
        await container.GetBlobClient(blobName).UploadAsync(new BinaryData(Compress(value)), overwrite: true, cancellationToken).ConfigureAwait(false);
        return blobName;
    }

    public async Task<string> ReadBlobAsync(string blobName, CancellationToken cancellationToken)
    {
        Response<Azure.Storage.Blobs.Models.BlobDownloadResult> download =
            await container.GetBlobClient(blobName).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
        return Decompress(download.Value.Content.ToArray());
    }

    public async Task DeleteBlobsAsync(IEnumerable<string> blobNames, CancellationToken cancellationToken)
    {
        foreach (string name in blobNames)
        {
            await container.DeleteBlobIfExistsAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        await foreach (Azure.Storage.Blobs.Models.BlobItem blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, cancellationToken).ConfigureAwait(false))
        {
            await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private static byte[] Compress(string value)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(value));
        }

        return output.ToArray();
    }

    private static string Decompress(byte[] compressed)
    {
        using var input = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var reader = new StreamReader(input, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
