using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Gtm.Domain.Contracts;

/// <summary>
/// Validates JSON against the contracts in <c>schemas/</c> and turns every schema error into a
/// JSON Pointer and a sentence a person can act on. Malformed JSON is one error at the root.
/// </summary>
public static class ContractValidator
{
    private static readonly ConcurrentDictionary<Contract, JsonSchema> Schemas = new();

    public static IReadOnlyList<ContractError> Validate(Contract contract, string json)
    {
        try
        {
            using JsonDocument _ = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            return [ContractError.MalformedJson(ex)];
        }

        return [.. Schema(contract).Validate(json).SelectMany(Flatten).Select(Describe).Distinct().OrderBy(e => e.Pointer, StringComparer.Ordinal)];
    }

    public static IReadOnlyList<ContractError> Validate(Contract contract, JsonElement element) => Validate(contract, element.GetRawText());

    public static JsonSchema Schema(Contract contract) => Schemas.GetOrAdd(contract, static c =>
    {
        string name = $"schemas/{c.FileName()}.schema.json";
        using Stream stream = typeof(ContractValidator).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded in {typeof(ContractValidator).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return JsonSchema.FromJsonAsync(reader.ReadToEnd()).GetAwaiter().GetResult();
    });

    /// <summary>oneOf/anyOf errors carry their causes inside; those are what a person can fix.</summary>
    private static IEnumerable<ValidationError> Flatten(ValidationError error) =>
        error is ChildSchemaValidationError child && child.Errors.Count > 0 ? child.Errors.SelectMany(e => e.Value).SelectMany(Flatten) : [error];

    private static ContractError Describe(ValidationError error)
    {
        string pointer = Pointer(error.Path);
        JsonSchema? schema = error.Schema;
        string message = error.Kind switch
        {
            ValidationErrorKind.PropertyRequired => $"'{error.Property}' is required; add it.",
            ValidationErrorKind.NoAdditionalPropertiesAllowed => $"'{error.Property}' is not a known field; remove it or check its spelling.",
            ValidationErrorKind.StringExpected => "Must be a string.",
            ValidationErrorKind.NumberExpected => "Must be a number.",
            ValidationErrorKind.IntegerExpected => "Must be a whole number.",
            ValidationErrorKind.BooleanExpected => "Must be true or false.",
            ValidationErrorKind.ArrayExpected => "Must be an array.",
            ValidationErrorKind.ObjectExpected => "Must be an object.",
            ValidationErrorKind.NullExpected => "Must be null.",
            ValidationErrorKind.NotInEnumeration => $"Must be one of: {string.Join(", ", schema?.Enumeration.Select(v => v?.ToString()) ?? [])}.",
            ValidationErrorKind.PatternMismatch => $"Has the wrong format{(schema?.Description is { } d ? ": " + d : $" (expected to match {schema?.Pattern})")}.",
            ValidationErrorKind.StringTooShort => $"Is too short: at least {schema?.MinLength} characters.",
            ValidationErrorKind.StringTooLong => $"Is too long: at most {schema?.MaxLength} characters.",
            ValidationErrorKind.NumberTooSmall => $"Is too small: the minimum is {Number(schema?.Minimum ?? schema?.ExclusiveMinimum)}{(schema?.IsExclusiveMinimum == true || schema?.ExclusiveMinimum is not null ? " (exclusive)" : "")}.",
            ValidationErrorKind.NumberTooBig => $"Is too large: the maximum is {Number(schema?.Maximum ?? schema?.ExclusiveMaximum)}.",
            ValidationErrorKind.TooFewItems => $"Needs at least {schema?.MinItems} items.",
            ValidationErrorKind.TooManyItems => $"Takes at most {schema?.MaxItems} items.",
            ValidationErrorKind.ItemsNotUnique => "Lists the same item twice; list each once.",
            ValidationErrorKind.DateTimeExpected => "Must be an ISO 8601 date and time, e.g. 2026-11-24T10:00:00Z.",
            ValidationErrorKind.UriExpected => "Must be an absolute URI.",
            _ => $"Is not valid here ({error.Kind}).",
        };
        // NJsonSchema's path already ends at the named property for these kinds.
        return new ContractError(pointer, message);
    }

    /// <summary>NJsonSchema paths look like <c>#/budget.currency</c> or <c>#/pillars[0]</c>; this makes a JSON Pointer.</summary>
    private static string Pointer(string? path)
    {
        string trimmed = (path ?? "").TrimStart('#').TrimStart('/');
        if (trimmed.Length == 0)
        {
            return "";
        }

        var pointer = new StringBuilder();
        foreach (string part in trimmed.Replace("[", ".", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal).Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            pointer.Append('/').Append(Escape(part));
        }

        return pointer.ToString();
    }

    private static string Escape(string segment) => segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "?";
}
