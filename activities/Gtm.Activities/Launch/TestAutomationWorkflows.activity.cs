using Bogus;
using Gtm.Domain.Workflows;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.Activities.Launch;

/// <summary>
/// C4 workflow test: runs each workflow over 500 synthetic contacts (Bogus, seeded by the venture)
/// whose behaviour spans cold to hot, and reports every step and branch that did not behave.
/// </summary>
public sealed class TestAutomationWorkflows : TaskActivity<IReadOnlyList<AutomationWorkflow>, IReadOnlyList<WorkflowTestReport>>
{
    public const int ContactsPerWorkflow = 500;

    [Function(nameof(TestAutomationWorkflows))]
    public Task<IReadOnlyList<WorkflowTestReport>> Run([ActivityTrigger] IReadOnlyList<AutomationWorkflow> input, string instanceId) => RunAsync(new FunctionActivityContext(nameof(TestAutomationWorkflows), instanceId), input);

    public override Task<IReadOnlyList<WorkflowTestReport>> RunAsync(TaskActivityContext context, IReadOnlyList<AutomationWorkflow> input)
    {
        int seed = StableSeed(context.InstanceId);
        var faker = new Faker<SyntheticContact>()
            .UseSeed(seed)
            .CustomInstantiator(f => new SyntheticContact(
                f.Internet.Email(f.Name.FirstName(), f.Name.LastName()),
                f.Random.Double(0.05, 0.7),
                f.Random.Double(0.02, 0.5),
                f.Random.Double(0.01, 0.4)));
        List<SyntheticContact> contacts = faker.Generate(ContactsPerWorkflow);
        IReadOnlyList<WorkflowTestReport> reports = [.. input.Select(workflow => WorkflowSimulator.Run(workflow, contacts, seed))];
        return Task.FromResult(reports);
    }

    private static int StableSeed(string text) => text.Aggregate(17, (hash, c) => unchecked((hash * 31) + c));
}
