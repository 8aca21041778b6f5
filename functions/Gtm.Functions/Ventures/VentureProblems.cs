using Gtm.Domain.Contracts;
using Gtm.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Gtm.Functions.Ventures;

/// <summary>A rejected venture: 400 problem details with every error, each with its JSON Pointer.</summary>
public static class VentureProblems
{
    public static IResult Invalid(IReadOnlyList<ContractError> errors) => Problems.Result(
        StatusCodes.Status400BadRequest,
        "The venture's inputs are invalid",
        $"{errors.Count} problem(s) found; nothing was started or stored. Fix each one and send the request again.",
        new Dictionary<string, object?> { ["errors"] = errors.Select(e => new { pointer = e.Pointer, message = e.Message }).ToList() });
}
