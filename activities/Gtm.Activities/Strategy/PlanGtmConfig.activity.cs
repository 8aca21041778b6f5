using System.Text.Json;
using Gtm.Domain.Contracts;
using Gtm.Domain.Planning;
using Gtm.Domain.Ventures;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.Activities.Strategy;

/// <summary>17.1: KPIs, channel mix and budgets drafted as a gtm_config, validated against its contract.</summary>
public sealed class PlanGtmConfig(TimeProvider time) : TaskActivity<VentureInputs, GtmConfigDocument>
{
    [Function(nameof(PlanGtmConfig))]
    public Task<GtmConfigDocument> Run([ActivityTrigger] VentureInputs input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(PlanGtmConfig), instanceId), input);

    public override Task<GtmConfigDocument> RunAsync(TaskActivityContext context, VentureInputs input)
    {
        GtmConfigDocument draft = GtmConfigDocument.Draft(input, version: 1, time.GetUtcNow());
        OutputContract.Ensure(Contract.GtmConfig, draft);
        return Task.FromResult(draft);
    }
}

/// <summary>Every output is checked against its contract before it is stored or handed on.</summary>
public static class OutputContract
{
    public static void Ensure<T>(Contract contract, T output)
    {
        IReadOnlyList<ContractError> errors = ContractValidator.Validate(contract, JsonSerializer.Serialize(output, ContractJson.Options));
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"The {contract.FileName()} produced breaks its contract: {string.Join("; ", errors.Select(e => $"{e.Pointer}: {e.Message}"))}");
        }
    }
}
