using Gtm.Functions.Declarations;
using Gtm.Functions.Hosting;
using Microsoft.AspNetCore.Http;

namespace Gtm.Functions.Functions;

/// <summary>GET /api/health: anonymous, and healthy only when the storage account answers.</summary>
public sealed class Health(HostStorage storage)
{
    [Function("Health")]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request, CancellationToken cancellation)
    {
        try
        {
            await storage.HostContainer.ExistsAsync(cancellation);
            return Results.Json(new { status = "Healthy" });
        }
        catch (Azure.RequestFailedException ex)
        {
            return Results.Json(new { status = "Unhealthy", storage = ex.Message }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
