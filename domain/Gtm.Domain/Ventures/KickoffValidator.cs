using System.Text.Json;
using Gtm.Domain.Contracts;
using Gtm.Domain.Experiments;
using Gtm.Domain.Review;

namespace Gtm.Domain.Ventures;

/// <summary>
/// Entry gates 1 and 2: the kickoff body (<c>market_strategy</c>, <c>customer_segments</c>,
/// <c>marketing_channels</c>) checked against its contracts, then against the business rules the
/// schemas cannot express. Every error is reported, each with its JSON Pointer. Optional beside
/// them: <c>customer_validation</c> (the 17.2 review gate), <c>ab_pilot</c> (the A/B pilot the exit
/// gate starts: share, window or opt-out) and <c>requested_by</c> (who asks, the content's author,
/// who may therefore not approve it).
/// </summary>
public static class KickoffValidator
{
    public sealed record Result(VentureInputs? Inputs, IReadOnlyList<ContractError> Errors, CustomerValidation? Validation = null, string? RequestedBy = null, AbPilot? Pilot = null)
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
            .Where(p => p.Name is not ("market_strategy" or "customer_segments" or "marketing_channels" or "customer_validation" or "ab_pilot" or "requested_by"))
            .Select(p => new ContractError("/" + p.Name, $"'{p.Name}' is not a known field; the body has market_strategy, customer_segments and marketing_channels, and optionally customer_validation, ab_pilot and requested_by.")));
        Check(root, "market_strategy", Contract.MarketStrategy, errors, many: false);
        Check(root, "customer_segments", Contract.CustomerSegment, errors, many: true);
        Check(root, "marketing_channels", Contract.MarketingChannel, errors, many: true);
        if (errors.Count > 0)
        {
            return new Result(null, errors);
        }

        VentureInputs inputs = root.Deserialize<VentureInputs>(ContractJson.Options)!;
        var broken = new List<ContractError>(BusinessRules.Check(inputs));
        string? requestedBy = null;
        if (root.TryGetProperty("requested_by", out JsonElement by))
        {
            requestedBy = by.ValueKind == JsonValueKind.String ? by.GetString() : null;
            if (!ReviewVote.IsName(requestedBy))
            {
                broken.Add(new ContractError("/requested_by", "Must be a name of 1 to 200 characters without control characters."));
            }
        }

        CustomerValidation? gate = root.TryGetProperty("customer_validation", out JsonElement review) ? ReadGate(review, inputs, requestedBy, broken) : null;
        AbPilot? pilot = root.TryGetProperty("ab_pilot", out JsonElement pilotJson) ? ReadPilot(pilotJson, broken) : null;
        return broken.Count == 0 ? new Result(inputs, [], gate, requestedBy, pilot) : new Result(null, broken);
    }

    private static AbPilot? ReadPilot(JsonElement json, List<ContractError> errors)
    {
        const string Shape = "Must be an object with share (0.05 to 0.10), window_days (7 to 60) or opt_out (true to start no pilot), each optional.";
        AbPilot? pilot = null;
        try
        {
            if (json.ValueKind == JsonValueKind.Object && json.EnumerateObject().All(p => p.Name is "share" or "window_days" or "opt_out"))
            {
                pilot = json.Deserialize<AbPilot>(ContractJson.Options);
            }
        }
        catch (JsonException ex)
        {
            errors.Add(new ContractError("/ab_pilot" + (ex.Path is { Length: > 1 } path ? "/" + path.TrimStart('$', '.').Replace('.', '/') : ""), $"{Shape} {ex.Message}"));
            return null;
        }

        if (pilot is null)
        {
            errors.Add(new ContractError("/ab_pilot", Shape));
            return null;
        }

        errors.AddRange(pilot.Validate("/ab_pilot").Select(p => new ContractError(p.Pointer, p.Problem)));
        return pilot;
    }

    private static CustomerValidation? ReadGate(JsonElement json, VentureInputs inputs, string? requestedBy, List<ContractError> errors)
    {
        CustomerValidation? gate;
        try
        {
            gate = json.ValueKind == JsonValueKind.Object ? json.Deserialize<CustomerValidation>(ContractJson.Options) : null;
        }
        catch (JsonException ex)
        {
            errors.Add(new ContractError("/customer_validation" + (ex.Path is { Length: > 1 } path ? "/" + path.TrimStart('$', '.').Replace('.', '/') : ""), $"Not a valid customer_validation: {ex.Message}"));
            return null;
        }

        if (gate?.Reviewers is null)
        {
            errors.Add(new ContractError("/customer_validation", "Must be an object with reviewers, and optionally quorum, timeout_hours, timeout_policy and max_rounds."));
            return null;
        }

        errors.AddRange(gate.Validate(inputs).Select(p => new ContractError(p.Pointer, p.Problem)));
        if (requestedBy is not null && gate.Reviewers.Contains(requestedBy, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add(new ContractError("/customer_validation/reviewers", $"'{requestedBy}' asks for this venture's content and so authors it: they cannot also review it."));
        }

        return gate;
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
