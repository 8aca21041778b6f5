using Microsoft.Extensions.Configuration;

namespace Gtm.LocalRunner.Settings;

/// <summary>Binding expressions as in Azure Functions: <c>%Name%</c> in a trigger's setting is replaced by that app setting.</summary>
public static class AppSettings
{
    public static string Resolve(string value, IConfiguration configuration, string usedBy)
    {
        if (value.Length < 3 || !value.StartsWith('%') || !value.EndsWith('%'))
        {
            return value;
        }

        string name = value[1..^1];
        return configuration[name] is { Length: > 0 } resolved
            ? resolved
            : throw new RunnerConfigurationException($"{usedBy} uses app setting '{name}', which is not set.");
    }
}
