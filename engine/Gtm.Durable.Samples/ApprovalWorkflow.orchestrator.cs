namespace Gtm.Durable.Samples;

/// <summary>What an approver answers.</summary>
public sealed record ApprovalDecision(bool Approved, string By);

/// <summary>The request to approve and how long to wait for an answer.</summary>
public sealed record ApprovalRequest(string Subject, TimeSpan Timeout);

/// <summary>
/// Human interaction: waits for an "ApprovalDecision" event racing a durable timeout, and
/// escalates when nobody answers in time.
/// </summary>
public sealed class ApprovalWorkflow : TaskOrchestrator<ApprovalRequest, string>
{
    public const string DecisionEvent = "ApprovalDecision";

    public override async Task<string> RunAsync(TaskOrchestrationContext context, ApprovalRequest input)
    {
        context.SetCustomStatus(new { waitingFor = DecisionEvent, input.Subject });
        try
        {
            ApprovalDecision decision = await context.WaitForExternalEvent<ApprovalDecision>(DecisionEvent, input.Timeout);
            return decision.Approved ? $"'{input.Subject}' approved by {decision.By}" : $"'{input.Subject}' rejected by {decision.By}";
        }
        catch (TaskCanceledException)
        {
            return await context.CallActivityAsync<string>(nameof(Escalate), input.Subject);
        }
    }
}
