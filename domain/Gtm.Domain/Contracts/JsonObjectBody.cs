using System.Text.Json;

namespace Gtm.Domain.Contracts;

/// <summary>A request body that must be one JSON object: parsed, or the one error at the root that says why not.</summary>
public static class JsonObjectBody
{
    /// <param name="expected">What the object holds, for the error ("market_strategy, customer_segments and ...").</param>
    /// <returns>The document (the caller disposes it), or null with <paramref name="error"/> set.</returns>
    public static JsonDocument? Parse(string json, string expected, out ContractError? error)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            error = ContractError.MalformedJson(ex);
            return null;
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            error = new ContractError("", $"The body must be an object with {expected}.");
            return null;
        }

        error = null;
        return document;
    }
}
