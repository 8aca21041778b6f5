namespace Gtm.ServiceBus.TestBroker.Amqp;

/// <summary>Link addresses as the SDK writes them: an entity path, possibly as an absolute URI or with a leading slash.</summary>
internal static class EntityAddress
{
    public const string ManagementSuffix = "/$management";

    public static string Normalize(string? address)
    {
        string path = address ?? "";
        if (Uri.TryCreate(path, UriKind.Absolute, out Uri? uri) && uri.Scheme is "amqp" or "amqps" or "sb")
        {
            path = Uri.UnescapeDataString(uri.AbsolutePath);
        }

        return path.Trim('/');
    }
}
