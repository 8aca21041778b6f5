using Microsoft.Extensions.Logging;

namespace Gtm.Durable.AzureStorage;

/// <summary>
/// Keeps an activity message invisible while any of its calls runs, so a long activity is not
/// handed to another worker; the last call to finish deletes it.
/// </summary>
internal sealed partial class MessageLease
{
    private readonly TaskCompletionSource finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger logger;

    public MessageLease(ReceivedMessage message, int calls, TimeSpan visibility, ILogger logger)
    {
        Message = message;
        Calls = calls;
        this.logger = logger;
        message.Hold(calls);
        _ = RenewAsync(visibility);
    }

    public ReceivedMessage Message { get; }

    /// <summary>How many calls the message carries.</summary>
    public int Calls { get; }

    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        await Message.ReleaseAsync(cancellationToken).ConfigureAwait(false);
        if (!Message.IsHeld)
        {
            finished.TrySetResult();
        }
    }

    private async Task RenewAsync(TimeSpan visibility)
    {
        try
        {
            while (true)
            {
                await Task.WhenAny(Task.Delay(visibility / 2), finished.Task).ConfigureAwait(false);
                if (finished.Task.IsCompleted)
                {
                    return;
                }

                await Message.SetVisibilityAsync(visibility, CancellationToken.None).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // A failed renewal only means the message may come back early; activities are idempotent.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogRenewFailed(logger, ex, Message.MessageId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the lease of activity message {MessageId} failed")]
    private static partial void LogRenewFailed(ILogger logger, Exception error, string messageId);
}
