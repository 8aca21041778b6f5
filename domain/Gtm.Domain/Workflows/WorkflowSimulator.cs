namespace Gtm.Domain.Workflows;

/// <summary>A synthetic contact's behaviour: how likely it opens, clicks and converts.</summary>
public sealed record SyntheticContact(string Id, double OpenRate, double ClickRate, double ConversionRate);

/// <summary>What running a workflow over synthetic contacts showed.</summary>
public sealed record WorkflowTestReport(string WorkflowId, int Contacts, IReadOnlyDictionary<string, int> StepVisits, IReadOnlyList<string> Problems)
{
    public bool Passed => Problems.Count == 0;
}

/// <summary>
/// Runs a workflow for each synthetic contact, step by step, and checks that it behaves as
/// configured: every reference points at a step, every path ends, every step is reached by
/// someone, every branch goes both ways, and budgets never exceed the daily spend cap.
/// </summary>
public static class WorkflowSimulator
{
    public static WorkflowTestReport Run(AutomationWorkflow workflow, IReadOnlyList<SyntheticContact> contacts, int seed)
    {
        var problems = new List<string>();
        var steps = workflow.Steps.ToDictionary(s => s.Id, StringComparer.Ordinal);
        foreach (WorkflowStep step in workflow.Steps)
        {
            foreach (string? target in new[] { step.Next, step.Then, step.Else })
            {
                if (target is not null && !steps.ContainsKey(target))
                {
                    problems.Add($"step '{step.Id}' points at '{target}', which does not exist");
                }
            }

            if (step.Type == "set_budget" && step.DailyBudget > workflow.SpendCapDaily)
            {
                problems.Add($"step '{step.Id}' sets {step.DailyBudget} a day, over the {workflow.SpendCapDaily} cap");
            }
        }

        var visits = workflow.Steps.ToDictionary(s => s.Id, _ => 0, StringComparer.Ordinal);
        var branches = new HashSet<string>(StringComparer.Ordinal);
        var random = new Random(seed);
        if (problems.Count == 0)
        {
            foreach (SyntheticContact contact in contacts)
            {
                WalkOne(workflow, steps, contact, random, visits, branches, problems);
            }

            problems.AddRange(visits.Where(v => v.Value == 0).Select(v => $"step '{v.Key}' was never reached by {contacts.Count} contacts"));
            problems.AddRange(workflow.Steps.Where(s => s.Type == "branch")
                .SelectMany(s => new[] { (s.Id, "then"), (s.Id, "else") })
                .Where(b => !branches.Contains($"{b.Item1}:{b.Item2}"))
                .Select(b => $"branch '{b.Item1}' never went '{b.Item2}'"));
        }

        return new WorkflowTestReport(workflow.Id, contacts.Count, visits, problems.Distinct().ToList());
    }

    private static void WalkOne(AutomationWorkflow workflow, Dictionary<string, WorkflowStep> steps, SyntheticContact contact, Random random,
        Dictionary<string, int> visits, HashSet<string> branches, List<string> problems)
    {
        bool opened = false, clicked = false, converted = false;
        string? current = workflow.Steps[0].Id;
        for (int hops = 0; current is not null; hops++)
        {
            if (hops > workflow.Steps.Count * 2)
            {
                problems.Add($"contact {contact.Id} never reached an end: the workflow loops");
                return;
            }

            WorkflowStep step = steps[current];
            visits[step.Id]++;
            switch (step.Type)
            {
                case "send":
                    opened |= random.NextDouble() < contact.OpenRate;
                    clicked |= opened && random.NextDouble() < contact.ClickRate;
                    converted |= clicked && random.NextDouble() < contact.ConversionRate;
                    current = step.Next;
                    break;
                case "branch":
                    bool yes = step.Condition switch { "opened" => opened, "clicked" => clicked, _ => converted };
                    branches.Add($"{step.Id}:{(yes ? "then" : "else")}");
                    current = yes ? step.Then : step.Else;
                    break;
                case "set_budget":
                    // Paid traffic: the contact sees the ads while the budget runs.
                    opened |= random.NextDouble() < contact.OpenRate;
                    clicked |= opened && random.NextDouble() < contact.ClickRate;
                    converted |= clicked && random.NextDouble() < contact.ConversionRate;
                    current = step.Next;
                    break;
                default:
                    current = step.Next;
                    break;
            }
        }
    }
}
