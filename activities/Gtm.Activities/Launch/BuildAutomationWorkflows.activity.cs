using Gtm.Activities.Strategy;
using Gtm.Domain.Contracts;
using Gtm.Domain.Planning;
using Gtm.Domain.Workflows;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.Activities.Launch;

public sealed record BuildWorkflowsInput(GtmConfigDocument Config, IReadOnlyList<string> CampaignIds, IReadOnlyList<string> CampaignChannels, string Timezone);

/// <summary>C4 WorkflowOrchestrator: one automation workflow per channel in the mix, validated against its contract.</summary>
public sealed class BuildAutomationWorkflows : TaskActivity<BuildWorkflowsInput, IReadOnlyList<AutomationWorkflow>>
{
    [Function(nameof(BuildAutomationWorkflows))]
    public Task<IReadOnlyList<AutomationWorkflow>> Run([ActivityTrigger] BuildWorkflowsInput input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(BuildAutomationWorkflows), instanceId), input);

    public override Task<IReadOnlyList<AutomationWorkflow>> RunAsync(TaskActivityContext context, BuildWorkflowsInput input)
    {
        var workflows = new List<AutomationWorkflow>();
        foreach (BudgetEntry budget in input.Config.BudgetAllocation)
        {
            string[] campaigns = [.. input.CampaignIds.Where((_, i) => input.CampaignChannels[i] == budget.Channel)];
            if (campaigns.Length == 0)
            {
                continue;
            }

            AutomationWorkflow workflow = WorkflowBuilder.For(input.Config.VentureId, budget.Channel, campaigns, budget.DailyBudget, input.Timezone);
            OutputContract.Ensure(Contract.AutomationWorkflow, workflow);
            workflows.Add(workflow);
        }

        return Task.FromResult<IReadOnlyList<AutomationWorkflow>>(workflows);
    }
}
