namespace Gtm.Domain.Contracts;

/// <summary>One thing wrong with an input: where (a JSON Pointer into the request) and what to do about it.</summary>
public sealed record ContractError(string Pointer, string Message)
{
    public ContractError Under(string prefix) => this with { Pointer = prefix + Pointer };

    /// <summary>The one error a body that is not JSON gets, at the root, with where parsing stopped.</summary>
    public static ContractError MalformedJson(System.Text.Json.JsonException error) =>
        new("", $"The body is not valid JSON (line {error.LineNumber + 1}, position {error.BytePositionInLine + 1}): fix the syntax and send it again.");
}
