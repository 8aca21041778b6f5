using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Gtm.Functions.OperatorConsole;

/// <summary>
/// What the key the operator entered may do: the console asks the admin endpoint first, then the
/// function one, and shows or hides the LEAD's actions by the answer. The API refuses them anyway.
/// </summary>
public sealed class ConsoleSession
{
    [Function("ConsoleSession")]
    public static IResult Function([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/console/session")] HttpRequest request) =>
        Results.Json(new { level = "function" });

    [Function("ConsoleAdminSession")]
    public static IResult Admin([HttpTrigger(AuthorizationLevel.Admin, "get", Route = "api/console/session/admin")] HttpRequest request) =>
        Results.Json(new { level = "admin" });
}
