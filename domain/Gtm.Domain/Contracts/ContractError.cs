namespace Gtm.Domain.Contracts;

/// <summary>One thing wrong with an input: where (a JSON Pointer into the request) and what to do about it.</summary>
public sealed record ContractError(string Pointer, string Message)
{
    public ContractError Under(string prefix) => this with { Pointer = prefix + Pointer };
}
