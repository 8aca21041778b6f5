using Gtm.Durable.Backend;
using Microsoft.Extensions.Logging;

namespace Gtm.Durable.AzureStorage;

#pragma warning disable CA1001 // The renewal source is disposed by StopRenewingAsync, which completion and abandonment always call.
/// <summary>A running activity call. Its message's visibility is renewed while it runs, so a long activity is not handed to another worker.</summary>
internal sealed partial class AzureActivityWorkItem : ActivityWorkItem
{
    private readonly CancellationTokenSource renewing = new();
    private readonly Task renewal;

    public AzureActivityWorkItem(ActivityRequest request, ReceivedMessage message, TimeSpan visibility, ILogger logger)
        : base(request, (int)message.DequeueCount)
    {
        Message = message;
        renewal = RenewAsync(visibility, logger);
    }

    public ReceivedMessage Message { get; }

    public async Task StopRenewingAsync()
    {
        await renewing.CancelAsync().ConfigureAwait(false);
        await renewal.ConfigureAwait(false);
        renewing.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the lease of activity {Name} failed")]
    private static partial void LogRenewFailed(ILogger logger, Exception error, string name);

    private async Task RenewAsync(TimeSpan visibility, ILogger logger)
    {
        try
        {
            while (true)
            {
                await Task.Delay(visibility / 2, renewing.Token).ConfigureAwait(false);
                await Message.SetVisibilityAsync(visibility, renewing.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Completed or abandoned.
        }
#pragma warning disable CA1031 // A failed renewal only means the message may come back early; the activity is idempotent.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogRenewFailed(logger, ex, Request.Name);
        }
    }
}
#pragma warning restore CA1001
