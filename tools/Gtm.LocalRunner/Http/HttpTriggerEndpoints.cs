using Gtm.LocalRunner.Catalog;
using Gtm.LocalRunner.Invocation;
using Gtm.LocalRunner.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gtm.LocalRunner.Http;

/// <summary>
/// Maps every HTTP-triggered function to its route under the route prefix, behind its key level,
/// and writes what it returns: an <see cref="IResult"/>, an <see cref="IActionResult"/>, an
/// <see cref="HttpResponseData"/>, nothing (204) or any other value as JSON.
/// </summary>
internal static class HttpTriggerEndpoints
{
    public static void MapHttpFunctions(this IEndpointRouteBuilder endpoints, FunctionCatalog catalog)
    {
        FunctionsHostOptions options = endpoints.ServiceProvider.GetRequiredService<IOptions<FunctionsHostOptions>>().Value;
        string prefix = options.RoutePrefix.Length == 0 ? "" : "/" + options.RoutePrefix;
        foreach ((FunctionDescriptor function, HttpTriggerAttribute trigger) in catalog.OfTrigger<HttpTriggerAttribute>())
        {
            string route = $"{prefix}/{(trigger.Route ?? function.Name).TrimStart('/')}";
            string[] methods = trigger.Methods is { Length: > 0 } listed ? [.. listed.Select(m => m.ToUpperInvariant())] : ["GET", "POST"];
            endpoints.MapMethods(route, methods, context => InvokeAsync(context, function, trigger.AuthLevel, options.MaxRequestBodySize))
                .WithDisplayName(function.Name);
        }
    }

    private static async Task InvokeAsync(HttpContext context, FunctionDescriptor function, AuthorizationLevel level, long maxBodySize)
    {
        if (!context.RequestServices.GetRequiredService<FunctionKeyAuthorizer>().IsAuthorized(context.Request, level))
        {
            await Problem(context, StatusCodes.Status401Unauthorized, "A valid key is required",
                $"Send a {(level == AuthorizationLevel.Admin ? "master" : "function")} key in the x-functions-key header or the code query parameter.");
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBodySize;
        }

        if (context.Request.ContentLength > maxBodySize)
        {
            await Problem(context, StatusCodes.Status413PayloadTooLarge, "Request body too large", $"The body may be at most {maxBodySize} bytes.");
            return;
        }

        object? result;
        try
        {
            var routeValues = context.Request.RouteValues.ToDictionary(v => v.Key, v => v.Value, StringComparer.OrdinalIgnoreCase);
            result = await context.RequestServices.GetRequiredService<FunctionInvoker>()
                .InvokeAsync(function, context.Request, routeValues, context, context.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await Problem(context, StatusCodes.Status413PayloadTooLarge, "Request body too large", $"The body may be at most {maxBodySize} bytes.");
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (OperationCanceledException)
        {
            await Problem(context, StatusCodes.Status504GatewayTimeout, "Function timed out", $"'{function.Name}' ran longer than functionTimeout.");
            return;
        }
#pragma warning disable CA1031 // Any failure of the function becomes a 500 problem; the invoker has logged it.
        catch (Exception)
#pragma warning restore CA1031
        {
            await Problem(context, StatusCodes.Status500InternalServerError, "Function failed",
                $"'{function.Name}' failed; the runner's log has the details under this request's trace id.");
            return;
        }

        await WriteResultAsync(context, result);
    }

    private static Task WriteResultAsync(HttpContext context, object? result) => result switch
    {
        IResult http => http.ExecuteAsync(context),
        IActionResult action => action.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor())),
        HttpRequestDataFeature.ResponseData data => CopyAsync(context, data),
        null => Results.NoContent().ExecuteAsync(context),
        _ => Results.Json(result).ExecuteAsync(context),
    };

    private static async Task CopyAsync(HttpContext context, HttpRequestDataFeature.ResponseData data)
    {
        context.Response.StatusCode = (int)data.StatusCode;
        foreach (KeyValuePair<string, IEnumerable<string>> header in data.Headers)
        {
            context.Response.Headers[header.Key] = header.Value.ToArray();
        }

        foreach (IHttpCookie cookie in data.CookiesSet)
        {
            context.Response.Cookies.Append(cookie.Name, cookie.Value);
        }

        data.Body.Position = 0;
        await data.Body.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    /// <summary>An error as RFC 9457 problem details (<c>application/problem+json</c>).</summary>
    private static Task Problem(HttpContext context, int status, string title, string detail) =>
        Results.Problem(detail, statusCode: status, title: title).ExecuteAsync(context);
}
