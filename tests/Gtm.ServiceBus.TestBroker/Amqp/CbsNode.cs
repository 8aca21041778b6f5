using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amqp;
using Amqp.Framing;
using Amqp.Listener;

namespace Gtm.ServiceBus.TestBroker.Amqp;

/// <summary>
/// The <c>$cbs</c> node where a client puts its token before attaching links. A shared access
/// signature is checked as Service Bus checks it: the key name, the HMAC-SHA256 of the resource
/// and expiry with the namespace's key, and the expiry; a wrong or stale token is refused with 401.
/// </summary>
internal sealed class CbsNode(string keyName, string key, TimeProvider time) : IRequestProcessor
{
    public int Credit => 100;

    public void Process(RequestContext requestContext)
    {
        Message request = requestContext.Message;
        string? problem = request.ApplicationProperties?["operation"] as string != "put-token"
            ? "only put-token is supported"
            : Check(request.Body as string);
        var properties = new ApplicationProperties();
        properties["status-code"] = problem is null ? 200 : 401;
        properties["status-description"] = problem ?? "OK";
        requestContext.Complete(new Message { ApplicationProperties = properties });
    }

    private string? Check(string? token)
    {
        const string Scheme = "SharedAccessSignature ";
        if (token is null || !token.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return "the token is not a shared access signature";
        }

        Dictionary<string, string> fields = token[Scheme.Length..].Split('&')
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        if (!fields.TryGetValue("sr", out string? resource) || !fields.TryGetValue("sig", out string? signature)
            || !fields.TryGetValue("se", out string? expiry) || !fields.TryGetValue("skn", out string? name))
        {
            return "the token lacks sr, sig, se or skn";
        }

        if (name != keyName)
        {
            return $"unknown key name '{name}'";
        }

        if (!long.TryParse(expiry, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds) || DateTimeOffset.FromUnixTimeSeconds(seconds) <= time.GetUtcNow())
        {
            return "the token has expired";
        }

        byte[] expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes($"{resource}\n{expiry}"));
        return CryptographicOperations.FixedTimeEquals(expected, Convert.FromBase64String(Uri.UnescapeDataString(signature)))
            ? null
            : "the signature does not match the namespace's key";
    }
}
