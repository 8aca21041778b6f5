using System.Security.Cryptography;
using System.Text;

namespace Gtm.Durable.Replay;

/// <summary>Name-based (version 5, SHA-1) UUIDs as RFC 4122 section 4.3 defines them.</summary>
internal static class DeterministicGuid
{
    /// <summary>The RFC 4122 URL namespace.</summary>
    private static readonly Guid UrlNamespace = new("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

    public static Guid Create(string name) => Create(UrlNamespace, name);

    public static Guid Create(Guid namespaceId, string name)
    {
        byte[] namespaceBytes = namespaceId.ToByteArray(bigEndian: true);
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        byte[] data = [.. namespaceBytes, .. nameBytes];
#pragma warning disable CA5350 // SHA-1 is what RFC 4122 version 5 specifies; it is an identifier, not a security hash.
        byte[] hash = SHA1.HashData(data);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
