using Azure.Data.Tables;
using Gtm.Activities.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Gtm.Functions.Operations;

/// <summary>GET /api/health: anonymous, and healthy only when the storage account answers within five seconds.</summary>
public sealed class Health(GtmStorage storage)
{
    [Function("Health")]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest request, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await storage.Ventures.GetEntityIfExistsAsync<TableEntity>("health", "probe", ["PartitionKey"], timeout.Token);
            return Results.Json(new { status = "Healthy" });
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException || (ex is OperationCanceledException && !cancellation.IsCancellationRequested))
        {
            return Results.Json(new { status = "Unhealthy", storage = ex.Message }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
