using System.Text.Json;

namespace Gtm.LocalRunner.Settings;

/// <summary>
/// local.settings.json as the Functions host reads it: <c>Values</c> become app settings (a
/// <c>__</c> in a name is a section separator), <c>ConnectionStrings</c> connection strings, and
/// <c>Host.LocalHttpPort</c> the port. Environment variables win over the file.
/// </summary>
public sealed record LocalSettings(IReadOnlyDictionary<string, string?> Values, int? LocalHttpPort)
{
    private static readonly HashSet<string> KnownTopLevel = new(StringComparer.OrdinalIgnoreCase) { "IsEncrypted", "Values", "ConnectionStrings", "Host" };
    private static readonly HashSet<string> KnownHost = new(StringComparer.OrdinalIgnoreCase) { "LocalHttpPort", "CORS", "CORSCredentials" };

    public static LocalSettings Empty { get; } = new(new Dictionary<string, string?>(), null);

    /// <summary>An app setting named <c>AzureFunctionsJobHost__{path}</c> overrides host.json's value at that path, as the Functions host reads it.</summary>
    public const string HostJsonOverridePrefix = "AzureFunctionsJobHost__";

    /// <summary>The Values that override host.json, by their host.json path.</summary>
    public IEnumerable<KeyValuePair<string, string?>> HostJsonOverrides => Values
        .Where(v => v.Key.StartsWith("AzureFunctionsJobHost:", StringComparison.OrdinalIgnoreCase))
        .Select(v => KeyValuePair.Create(v.Key["AzureFunctionsJobHost:".Length..], v.Value));

    /// <summary>Reads the file if it exists (it is optional, and never committed); throws on anything malformed.</summary>
    public static LocalSettings Load(string path)
    {
        if (!File.Exists(path))
        {
            return Empty;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw Error($"is not valid JSON (line {ex.LineNumber + 1}): {ex.Message}");
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Error("must be a JSON object with \"Values\"");
            }

            foreach (JsonProperty property in root.EnumerateObject().Where(p => !KnownTopLevel.Contains(p.Name)))
            {
                throw Error($"has an unknown section '{property.Name}'; known: IsEncrypted, Values, ConnectionStrings, Host");
            }

            if (root.TryGetProperty("IsEncrypted", out JsonElement encrypted) && encrypted.ValueKind == JsonValueKind.True)
            {
                throw Error("has IsEncrypted true, and the runner cannot decrypt it: keep the file unencrypted (git ignores it) or use environment variables");
            }

            var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            ReadStrings(root, "Values", name => name.Replace("__", ":", StringComparison.Ordinal), values);
            ReadStrings(root, "ConnectionStrings", name => "ConnectionStrings:" + name, values);
            return new LocalSettings(values, ReadPort(root));
        }
    }

    private static void ReadStrings(JsonElement root, string section, Func<string, string> key, Dictionary<string, string?> into)
    {
        if (!root.TryGetProperty(section, out JsonElement element))
        {
            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Error($"'{section}' must be an object of names to strings");
        }

        foreach (JsonProperty value in element.EnumerateObject())
        {
            into[key(value.Name)] = value.Value.ValueKind switch
            {
                JsonValueKind.String => value.Value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.Value.GetRawText(),
                JsonValueKind.Null => null,
                _ => throw Error($"'{section}.{value.Name}' must be a string, not {value.Value.ValueKind.ToString().ToLowerInvariant()}"),
            };
        }
    }

    private static int? ReadPort(JsonElement root)
    {
        if (!root.TryGetProperty("Host", out JsonElement host))
        {
            return null;
        }

        foreach (JsonProperty property in host.EnumerateObject().Where(p => !KnownHost.Contains(p.Name)))
        {
            throw Error($"has an unknown setting 'Host.{property.Name}'; known: LocalHttpPort, CORS, CORSCredentials");
        }

        if (!host.TryGetProperty(nameof(LocalHttpPort), out JsonElement port))
        {
            return null;
        }

        return port.ValueKind == JsonValueKind.Number && port.TryGetInt32(out int value) && value is > 0 and <= 65535
            ? value
            : throw Error("'Host.LocalHttpPort' must be a port number from 1 to 65535");
    }

    private static RunnerConfigurationException Error(string problem) => new($"local.settings.json {problem}.");
}
