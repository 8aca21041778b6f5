namespace Gtm.Functions.Handoffs.Stage18Targets;

/// <summary>Where a handoff goes once the app has validated and recorded it: Stage 18's own intake, on the configured transport.</summary>
public interface IStage18Target
{
    /// <summary>The target as the venture's history names it, e.g. <c>stage18-inbox (storage queue)</c>.</summary>
    string Name { get; }

    /// <summary>Delivers the handoff; throws when it could not, so the caller retries it.</summary>
    Task ForwardAsync(HandoffMessage handoff, CancellationToken cancellation);
}
