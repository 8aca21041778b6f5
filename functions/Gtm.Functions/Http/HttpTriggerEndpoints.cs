using Gtm.Functions.Declarations;
using Gtm.Functions.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gtm.Functions.Http;

/// <summary>Maps every HTTP-triggered function to its route under the prefix, behind its key level.</summary>
public static class HttpTriggerEndpoints
{
    public static void MapHttpFunctions(this IEndpointRouteBuilder endpoints, FunctionCatalog catalog)
    {
        FunctionsHostOptions options = endpoints.ServiceProvider.GetRequiredService<IOptions<FunctionsHostOptions>>().Value;
        string prefix = options.RoutePrefix.Length == 0 ? "" : "/" + options.RoutePrefix;
        foreach ((FunctionDescriptor function, HttpTriggerAttribute trigger) in catalog.OfTrigger<HttpTriggerAttribute>())
        {
            string route = $"{prefix}/{(trigger.Route ?? function.Name).TrimStart('/')}";
            string[] methods = trigger.Methods.Count == 0 ? ["GET", "POST"] : [.. trigger.Methods.Select(m => m.ToUpperInvariant())];
            endpoints.MapMethods(route, methods, context => InvokeAsync(context, function, trigger.AuthLevel, options.MaxRequestBodySize))
                .WithDisplayName(function.Name);
        }
    }

    private static async Task InvokeAsync(HttpContext context, FunctionDescriptor function, AuthorizationLevel level, long maxBodySize)
    {
        if (!context.RequestServices.GetRequiredService<FunctionKeyAuthorizer>().IsAuthorized(context.Request, level))
        {
            await Problems.Write(context, StatusCodes.Status401Unauthorized, "A valid key is required",
                $"Send a {(level == AuthorizationLevel.Admin ? "master" : "function")} key in the x-functions-key header or the code query parameter.");
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBodySize;
        }

        if (context.Request.ContentLength > maxBodySize)
        {
            await Problems.Write(context, StatusCodes.Status413PayloadTooLarge, "Request body too large", $"The body may be at most {maxBodySize} bytes.");
            return;
        }

        object? result;
        try
        {
            result = await context.RequestServices.GetRequiredService<FunctionInvoker>()
                .InvokeAsync(function, context.Request, context, context.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await Problems.Write(context, StatusCodes.Status413PayloadTooLarge, "Request body too large", $"The body may be at most {maxBodySize} bytes.");
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (OperationCanceledException)
        {
            await Problems.Write(context, StatusCodes.Status504GatewayTimeout, "Function timed out", $"'{function.Name}' ran longer than functionTimeout.");
            return;
        }
#pragma warning disable CA1031 // Any failure of the function becomes a 500 problem; the invoker has logged it.
        catch (Exception)
#pragma warning restore CA1031
        {
            await Problems.Write(context, StatusCodes.Status500InternalServerError, "Function failed",
                $"'{function.Name}' failed; the host log has the details under this request's trace id.");
            return;
        }

        await WriteResultAsync(context, result);
    }

    private static Task WriteResultAsync(HttpContext context, object? result) => result switch
    {
        IResult http => http.ExecuteAsync(context),
        null => Results.NoContent().ExecuteAsync(context),
        _ => Results.Json(result).ExecuteAsync(context),
    };
}
