namespace Gtm.Domain.Workflows;

/// <summary>The <c>automation_workflow</c> contract as a record.</summary>
public sealed record AutomationWorkflow(
    string Id,
    string VentureId,
    string Channel,
    string Trigger,
    IReadOnlyList<WorkflowStep> Steps,
    WorkflowSchedule Schedule,
    decimal SpendCapDaily,
    StopLoss StopLoss);

public sealed record WorkflowStep(
    string Id,
    string Type,
    string? CampaignId = null,
    double? WaitHours = null,
    string? Condition = null,
    string? Then = null,
    string? Else = null,
    decimal? DailyBudget = null,
    string? Next = null);

public sealed record WorkflowSchedule(string Timezone, IReadOnlyList<string> ActiveWeekdays);

public sealed record StopLoss(decimal MaxSpendWithoutConversion);

/// <summary>
/// WorkflowOrchestrator's rules: email nurtures (send, wait, branch on open and click, remind the
/// others, wait, branch on conversion);
/// paid channels ramp (set budget, wait, branch on conversion, keep or pause), each with a daily
/// spend cap at its budget and a stop-loss of three days' budget without a conversion.
/// </summary>
public static class WorkflowBuilder
{
    public static AutomationWorkflow For(string ventureId, string channel, IReadOnlyList<string> campaignIds, decimal dailyBudget, string timezone)
    {
        string first = campaignIds[0];
        IReadOnlyList<WorkflowStep> steps = channel == "email"
            ? [
                new("send-1", "send", CampaignId: first, Next: "wait-1"),
                new("wait-1", "wait", WaitHours: 48, Next: "branch-opened"),
                new("branch-opened", "branch", Condition: "opened", Then: "branch-clicked", Else: "send-reminder"),
                new("branch-clicked", "branch", Condition: "clicked", Then: "wait-2", Else: "send-reminder"),
                new("send-reminder", "send", CampaignId: campaignIds[^1], Next: "wait-2"),
                new("wait-2", "wait", WaitHours: 72, Next: "branch-converted"),
                new("branch-converted", "branch", Condition: "converted", Then: "done", Else: "pause"),
                new("done", "pause"),
                new("pause", "pause"),
            ]
            : [
                new("budget-ramp", "set_budget", DailyBudget: Math.Round(dailyBudget / 2, 2), Next: "wait-ramp"),
                new("wait-ramp", "wait", WaitHours: 24, Next: "branch-clicked"),
                new("branch-clicked", "branch", Condition: "clicked", Then: "budget-full", Else: "pause"),
                new("budget-full", "set_budget", DailyBudget: dailyBudget, Next: "wait-full"),
                new("wait-full", "wait", WaitHours: 72, Next: "branch-converted"),
                new("branch-converted", "branch", Condition: "converted", Then: "keep", Else: "pause"),
                new("keep", "send", CampaignId: first),
                new("pause", "pause"),
            ];
        return new AutomationWorkflow(
            $"{ventureId}-{channel.Replace('_', '-')}-workflow",
            ventureId,
            channel,
            channel == "email" ? "contact_enrolled" : "campaign_started",
            steps,
            new WorkflowSchedule(timezone, channel == "email" ? ["mon", "tue", "wed", "thu", "fri"] : ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]),
            dailyBudget,
            new StopLoss(Math.Round(dailyBudget * 3, 2)));
    }
}
