using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Gtm.LocalRunner.Catalog;
using Gtm.LocalRunner.Settings;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gtm.LocalRunner.Invocation;

/// <summary>
/// Runs one invocation of a function as the isolated worker does: the class created per invocation
/// from the app's services (static methods need none), parameters bound by type (the trigger,
/// <see cref="FunctionContext"/>, <see cref="CancellationToken"/>, a <c>[DurableClient]</c>
/// <see cref="DurableTaskClient"/>) or by name from the binding data (route values, an activity's
/// instance id), a log scope and a span per invocation, and host.json's functionTimeout.
/// </summary>
public sealed partial class FunctionInvoker(IServiceScopeFactory scopes, ILoggerFactory loggers, IOptions<FunctionsHostOptions> options)
{
    public const string SourceName = "Gtm.LocalRunner.Functions";

    public static readonly ActivitySource Source = new(SourceName);

    private static readonly Func<ILogger, string, string, IDisposable?> InvocationScope =
        LoggerMessage.DefineScope<string, string>("Function {FunctionName} invocation {InvocationId}");

    public async Task<object?> InvokeAsync(FunctionDescriptor function, object? trigger, IReadOnlyDictionary<string, object?> bindingData, HttpContext? http, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(options.Value.FunctionTimeout);
        await using AsyncServiceScope? scope = http is null ? scopes.CreateAsyncScope() : null;
        IServiceProvider services = http?.RequestServices ?? scope!.Value.ServiceProvider;
        var context = new RunnerFunctionContext(function, services, bindingData, timeout.Token);
        if (http is not null)
        {
            context.Items["HttpRequestContext"] = http;
            context.Features.Set<IHttpRequestDataFeature>(new HttpRequestDataFeature(http));
        }

        ILogger logger = loggers.CreateLogger("Function." + function.Name);
        using IDisposable? logScope = InvocationScope(logger, function.Name, context.InvocationId);
        using Activity? span = Source.StartActivity("function " + function.Name);
        span?.SetTag("faas.name", function.Name);
        span?.SetTag("faas.invocation_id", context.InvocationId);
        long started = Stopwatch.GetTimestamp();
        try
        {
            object? instance = function.Method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, function.Type);
            object?[] arguments = [.. function.Method.GetParameters().Select(p => Bind(p, function, trigger, context))];
            object? result = await Unwrap(function.Method.Invoke(instance, arguments)).ConfigureAwait(false);
            double elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogSucceeded(logger, function.Name, elapsed);
            return result;
        }
        catch (Exception ex)
        {
            Exception error = ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;
            span?.SetStatus(ActivityStatusCode.Error, error.Message);
            double elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogFailed(logger, error, function.Name, elapsed);
            if (error == ex)
            {
                throw;
            }

            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
            throw;
        }
    }

    private static object? Bind(ParameterInfo parameter, FunctionDescriptor function, object? trigger, RunnerFunctionContext context)
    {
        // By position, not by reference: hosts built at once in one process can race on the method's
        // cached ParameterInfo array, leaving a catalog with instances that are no longer the cached ones.
        if (parameter.Position == function.TriggerParameter.Position)
        {
            return trigger;
        }

        Type type = parameter.ParameterType;
        if (type == typeof(FunctionContext))
        {
            return context;
        }

        if (type == typeof(CancellationToken))
        {
            return context.CancellationToken;
        }

        if (parameter.GetCustomAttribute<DurableClientAttribute>() is not null)
        {
            return context.InstanceServices.GetRequiredService<DurableTaskClient>();
        }

        if (context.BindingContext.BindingData.TryGetValue(parameter.Name!, out object? value) && value is not null)
        {
            return type.IsInstanceOfType(value) ? value : Convert.ChangeType(value, Nullable.GetUnderlyingType(type) ?? type, CultureInfo.InvariantCulture);
        }

        return parameter.HasDefaultValue
            ? parameter.DefaultValue
            : throw new InvalidOperationException($"Function '{function.Name}' has a parameter '{parameter.Name}' of type {type.Name} that the runner cannot bind.");
    }

    /// <summary>The value of whatever the method returned: awaited when it is a task.</summary>
    internal static async Task<object?> Unwrap(object? returned)
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
            case not null when returned.GetType() is { IsGenericType: true } valueTaskType && valueTaskType.GetGenericTypeDefinition() == typeof(ValueTask<>):
                return await Unwrap(valueTaskType.GetMethod(nameof(ValueTask<int>.AsTask))!.Invoke(returned, null)).ConfigureAwait(false);
            default:
                return returned;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Function {FunctionName} succeeded in {DurationMs:F1} ms")]
    private static partial void LogSucceeded(ILogger logger, string functionName, double durationMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {FunctionName} failed after {DurationMs:F1} ms")]
    private static partial void LogFailed(ILogger logger, Exception error, string functionName, double durationMs);
}
