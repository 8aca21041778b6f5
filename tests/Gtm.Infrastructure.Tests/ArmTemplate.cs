using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gtm.Infrastructure.Tests;

/// <summary>
/// A compiled ARM template (language version 2.0: resources by symbolic name) and the templates of
/// its modules, which Bicep inlines as nested deployments named after the module.
/// </summary>
internal sealed class ArmTemplate(JsonObject json)
{
    public JsonObject Json { get; } = json;

    public IEnumerable<JsonObject> Resources => Json["resources"] switch
    {
        JsonObject byName => byName.Select(r => r.Value!.AsObject()),
        JsonArray list => list.Select(r => r!.AsObject()),
        _ => [],
    };

    public IEnumerable<JsonObject> ResourcesOfType(string type) =>
        Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    public ArmTemplate Module(string name) => new(Resources
        .Where(r => (string?)r["type"] == "Microsoft.Resources/deployments")
        .SingleOrDefault(r => (string?)r["name"] == name)?["properties"]?["template"]?.AsObject()
        ?? throw new InvalidOperationException($"main.bicep has no module named '{name}'"));

    public JsonObject Variables => Json["variables"]?.AsObject() ?? [];

    public override string ToString() => Text(Json);

    /// <summary>JSON as written, quotes unescaped, so ARM expressions read as they compile: <c>variables('roles').x</c>.</summary>
    public static string Text(JsonNode? node) => node?.ToJsonString(Readable) ?? "";

    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
