using System.Text.Json.Nodes;

namespace Gtm.Infrastructure.Tests;

/// <summary>The app settings the templates set: modules/appsettings.bicep's groups, and the Elastic Premium ones of modules/functionapp.bicep.</summary>
internal static class AppSettingsTemplate
{
    private static readonly string[] Groups = ["host", "handoffs", "product", "channelValues"];

    public static ArmTemplate Template(ArmTemplate main) => main.Module("appSettings");

    /// <summary>Every setting set on any plan, by name, with its value as compiled (literal or ARM expression).</summary>
    public static JsonObject Settings(ArmTemplate main)
    {
        var settings = new JsonObject();
        IEnumerable<JsonObject> groups = Groups.Select(g => Template(main).Variables[g]?.AsObject() ?? throw new InvalidOperationException($"appsettings.bicep has no '{g}' group"))
            .Append(main.Module("functionApp").Variables["premiumSettings"]!.AsObject());
        foreach (JsonObject group in groups)
        {
            foreach ((string name, JsonNode? value) in group)
            {
                settings[name] = value?.DeepClone();
            }
        }

        return settings;
    }
}
