namespace Gtm.Channels.Live.Http;

/// <summary>
/// Marks a request the platform would act on twice: a create that names no id of its own (Meta and
/// LinkedIn make a second campaign of the same name). After an attempt whose outcome is unknown (a
/// timeout, a dropped connection, a 5xx) the pipeline does not send it again; the failure comes
/// back as retryable and the client looks the campaign up by its idempotency key instead. A 429
/// is certain that nothing was done, so it is still retried.
/// </summary>
public static class SendOnce
{
    private static readonly HttpRequestOptionsKey<bool> Key = new("Gtm.Channels.SendOnce");

    public static HttpRequestMessage Once(this HttpRequestMessage request)
    {
        request.Options.Set(Key, true);
        return request;
    }

    public static bool IsOnce(this HttpRequestMessage? request) => request is not null && request.Options.TryGetValue(Key, out bool once) && once;
}
