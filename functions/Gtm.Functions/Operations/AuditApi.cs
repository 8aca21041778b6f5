using Gtm.Activities.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Gtm.Functions.Operations;

/// <summary>C12: the audit log of LEAD operations, the app's latest or one venture's.</summary>
public sealed class AuditApi(AuditLog audit)
{
    [Function("ListAuditLog")]
    public async Task<IResult> LatestAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/audit")] HttpRequest request, CancellationToken cancellation) =>
        Results.Json(await audit.LatestAsync(int.TryParse(request.Query["take"], out int take) && take is > 0 and <= 500 ? take : 100, cancellation));

    [Function("ListVentureAudit")]
    public async Task<IResult> VentureAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/ventures/{ventureId}/audit")] HttpRequest request, string ventureId, CancellationToken cancellation) =>
        Results.Json(await audit.ListAsync(ventureId, cancellation));
}
