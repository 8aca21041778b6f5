using System.Text.Json;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Gtm.LocalRunner.Settings;

/// <summary>
/// host.json, checked against the settings the runner knows (Settings/host.schema.json) before it is
/// used: a misspelt or out-of-range setting stops start-up with its path, never silently ignored.
/// </summary>
public static class HostJson
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
    {
        using Stream stream = typeof(HostJson).Assembly.GetManifestResourceStream("host.schema.json")
            ?? throw new InvalidOperationException("host.schema.json is not embedded in the runner assembly.");
        using var reader = new StreamReader(stream);
        return JsonSchema.FromJsonAsync(reader.ReadToEnd()).GetAwaiter().GetResult();
    });

    /// <summary>Validates the file; throws <see cref="RunnerConfigurationException"/> listing every problem.</summary>
    public static void Validate(string path)
    {
        if (!File.Exists(path))
        {
            throw new RunnerConfigurationException($"host.json not found at {path}: the host needs it, with at least {{\"version\": \"2.0\"}}.");
        }

        string text = File.ReadAllText(path);
        try
        {
            using JsonDocument _ = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new RunnerConfigurationException($"host.json is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): {ex.Message}");
        }

        ICollection<ValidationError> errors = Schema.Value.Validate(text);
        if (errors.Count > 0)
        {
            throw new RunnerConfigurationException("host.json has settings the runner cannot use:" + string.Concat(errors.Select(e => "\n  - " + Describe(e))));
        }
    }

    private static string Describe(ValidationError error)
    {
        string path = error.Path?.TrimStart('#', '/').Replace('/', '.') ?? "";
        return error.Kind switch
        {
            ValidationErrorKind.NoAdditionalPropertiesAllowed => $"'{path}' is not a setting the runner knows (check the spelling)",
            ValidationErrorKind.NotInEnumeration => $"'{path}' must be one of the documented values",
            ValidationErrorKind.PatternMismatch => $"'{path}' has the wrong format (time spans are hh:mm:ss)",
            ValidationErrorKind.NumberTooSmall or ValidationErrorKind.NumberTooBig => $"'{path}' is out of range",
            ValidationErrorKind.PropertyRequired => $"'{error.Property}' is required{(error.Path is { Length: > 2 } ? " in '" + path + "'" : "")}",
            _ => $"'{path}': {error.Kind}",
        };
    }
}
