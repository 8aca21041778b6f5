using System.Text.Json;
using Gtm.Domain.Contracts;

namespace Gtm.Domain.Ventures;

/// <summary>
/// Entry gates 1 and 2: the kickoff body (<c>market_strategy</c>, <c>customer_segments</c>,
/// <c>marketing_channels</c>) checked against its contracts, then against the business rules the
/// schemas cannot express. Every error is reported, each with its JSON Pointer.
/// </summary>
public static class KickoffValidator
{
    public sealed record Result(VentureInputs? Inputs, IReadOnlyList<ContractError> Errors)
    {
        public bool IsValid => Errors.Count == 0;
    }

    public static Result Validate(string json)
    {
        using JsonDocument? document = JsonObjectBody.Parse(json, "market_strategy, customer_segments and marketing_channels", out ContractError? malformed);
        if (document is null)
        {
            return new Result(null, [malformed!]);
        }

        JsonElement root = document.RootElement;
        var errors = new List<ContractError>();
        errors.AddRange(root.EnumerateObject()
            .Where(p => p.Name is not ("market_strategy" or "customer_segments" or "marketing_channels"))
            .Select(p => new ContractError("/" + p.Name, $"'{p.Name}' is not a known field; the body has market_strategy, customer_segments and marketing_channels.")));
        Check(root, "market_strategy", Contract.MarketStrategy, errors, many: false);
        Check(root, "customer_segments", Contract.CustomerSegment, errors, many: true);
        Check(root, "marketing_channels", Contract.MarketingChannel, errors, many: true);
        if (errors.Count > 0)
        {
            return new Result(null, errors);
        }

        VentureInputs inputs = root.Deserialize<VentureInputs>(ContractJson.Options)!;
        IReadOnlyList<ContractError> broken = BusinessRules.Check(inputs);
        return new Result(broken.Count == 0 ? inputs : null, broken);
    }

    private static void Check(JsonElement root, string name, Contract contract, List<ContractError> errors, bool many)
    {
        if (!root.TryGetProperty(name, out JsonElement part))
        {
            errors.Add(new ContractError("/" + name, $"'{name}' is required; add it."));
            return;
        }

        if (!many)
        {
            errors.AddRange(ContractValidator.Validate(contract, part).Select(e => e.Under("/" + name)));
            return;
        }

        if (part.ValueKind != JsonValueKind.Array || part.GetArrayLength() == 0)
        {
            errors.Add(new ContractError("/" + name, $"Must be a non-empty array of {contract.FileName()} objects."));
            return;
        }

        int index = 0;
        foreach (JsonElement item in part.EnumerateArray())
        {
            errors.AddRange(ContractValidator.Validate(contract, item).Select(e => e.Under($"/{name}/{index}")));
            index++;
        }
    }
}
