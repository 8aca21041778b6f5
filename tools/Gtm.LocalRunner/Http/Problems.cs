using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Gtm.LocalRunner.Http;

/// <summary>Errors as RFC 9457 problem details (<c>application/problem+json</c>).</summary>
internal static class Problems
{
    public static IResult Result(int status, string title, string detail, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        foreach ((string key, object? value) in extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[key] = value;
        }

        return Results.Problem(problem);
    }

    public static Task Write(HttpContext context, int status, string title, string detail) =>
        Result(status, title, detail).ExecuteAsync(context);
}
