using System.Diagnostics;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Gtm.Functions.Hosting;
using Microsoft.Extensions.Options;

namespace Gtm.Functions.Declarations;

/// <summary>
/// Runs one invocation of a function: a fresh instance from a DI scope, parameters bound by type
/// (the trigger payload, <see cref="CancellationToken"/>, <see cref="ILogger"/>, <see cref="HttpContext"/>)
/// or by name (HTTP route values), a log scope with the function name, and host.json's functionTimeout.
/// </summary>
public sealed partial class FunctionInvoker(IServiceScopeFactory scopes, ILoggerFactory loggers, IOptions<FunctionsHostOptions> options)
{
    public static readonly ActivitySource Source = new("Gtm.Functions");

    private static readonly Func<ILogger, string, string, IDisposable?> InvocationScope =
        LoggerMessage.DefineScope<string, string>("Function {FunctionName} invocation {InvocationId}");

    public async Task<object?> InvokeAsync(FunctionDescriptor function, object trigger, HttpContext? http, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(options.Value.FunctionTimeout);
        ILogger logger = loggers.CreateLogger("Function." + function.Name);
        string invocationId = Guid.NewGuid().ToString("N");
        using IDisposable? scope = InvocationScope(logger, function.Name, invocationId);
        using Activity? span = Source.StartActivity("function " + function.Name);
        span?.SetTag("faas.name", function.Name);
        span?.SetTag("faas.invocation_id", invocationId);
        await using AsyncServiceScope services = scopes.CreateAsyncScope();
        object instance = ActivatorUtilities.CreateInstance(services.ServiceProvider, function.Type);
        object?[] arguments = [.. function.Method.GetParameters().Select(p => Bind(p, function, trigger, http, logger, timeout.Token))];
        long started = Stopwatch.GetTimestamp();
        try
        {
            object? result = await UnwrapAsync(function.Method.Invoke(instance, arguments)).ConfigureAwait(false);
            double elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogSucceeded(logger, function.Name, elapsed);
            return result;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.InnerException.Message);
            double elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogFailed(logger, ex.InnerException, function.Name, elapsed);
            throw ex.InnerException;
        }
        catch (Exception ex)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            double elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogFailed(logger, ex, function.Name, elapsed);
            throw;
        }
    }

    private static object? Bind(ParameterInfo parameter, FunctionDescriptor function, object trigger, HttpContext? http, ILogger logger, CancellationToken cancellation)
    {
        if (parameter == function.TriggerParameter)
        {
            return trigger;
        }

        Type type = parameter.ParameterType;
        if (type == typeof(CancellationToken))
        {
            return cancellation;
        }

        if (type == typeof(ILogger))
        {
            return logger;
        }

        if (type == typeof(HttpContext))
        {
            return http;
        }

        if (http?.Request.RouteValues.TryGetValue(parameter.Name!, out object? value) == true && value is string text)
        {
            return type == typeof(string) ? text : Convert.ChangeType(text, Nullable.GetUnderlyingType(type) ?? type, System.Globalization.CultureInfo.InvariantCulture);
        }

        return parameter.HasDefaultValue
            ? parameter.DefaultValue
            : throw new InvalidOperationException($"Function '{function.Name}' has a parameter '{parameter.Name}' of type {type.Name} that the host cannot bind.");
    }

    private static async Task<object?> UnwrapAsync(object? returned)
    {
        switch (returned)
        {
            case Task task:
                await task.ConfigureAwait(false);
                Type type = task.GetType();
                return type.IsGenericType && type.GetGenericArguments()[0].Name != "VoidTaskResult" ? type.GetProperty("Result")!.GetValue(task) : null;
            case ValueTask valueTask:
                await valueTask.ConfigureAwait(false);
                return null;
            default:
                return returned;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Function {FunctionName} succeeded in {DurationMs:F1} ms")]
    private static partial void LogSucceeded(ILogger logger, string functionName, double durationMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {FunctionName} failed after {DurationMs:F1} ms")]
    private static partial void LogFailed(ILogger logger, Exception error, string functionName, double durationMs);
}
