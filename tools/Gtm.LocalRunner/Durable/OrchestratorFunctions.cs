using DurableTask.Core;
using Gtm.LocalRunner.Catalog;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Shims;
using CoreTaskOrchestration = DurableTask.Core.TaskOrchestration;
using TaskOrchestrationContext = Microsoft.DurableTask.TaskOrchestrationContext;

namespace Gtm.LocalRunner.Durable;

/// <summary>
/// The app's <c>[OrchestrationTrigger]</c> functions as DurableTask.Core orchestrations, through
/// Microsoft.DurableTask's shims. The shim is made when an episode runs, once the dispatcher has
/// said who the parent is (DurableTask.Core's object creator is not told), so that
/// <see cref="TaskOrchestrationContext.Parent"/> is set in sub-orchestrations.
/// </summary>
internal sealed class OrchestratorFunctions(FunctionCatalog catalog, DurableTaskShimFactory shims, DataConverter converter) : INameVersionObjectManager<CoreTaskOrchestration>
{
    private readonly Dictionary<string, FunctionDescriptor> functions =
        catalog.OfTrigger<OrchestrationTriggerAttribute>().ToDictionary(f => f.Function.Name, f => f.Function, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Names => functions.Keys;

    public void Add(ObjectCreator<CoreTaskOrchestration> creator) =>
        throw new NotSupportedException("Orchestrations come from the app's [OrchestrationTrigger] functions.");

    public CoreTaskOrchestration GetObject(string name, string? version) =>
        functions.TryGetValue(name, out FunctionDescriptor? function) ? new Episode(function, shims, converter) : null!;

    /// <summary>Sets each orchestration's parent from the runtime state, before it runs.</summary>
    public static Task SetParentAsync(global::DurableTask.Core.Middleware.DispatchMiddlewareContext context, Func<Task> next)
    {
        if (context.GetProperty<CoreTaskOrchestration>() is Episode episode && context.GetProperty<OrchestrationRuntimeState>()?.ParentInstance is { } parent)
        {
            episode.Parent = new ParentOrchestrationInstance(new TaskName(parent.Name), parent.OrchestrationInstance.InstanceId);
        }

        return next();
    }

    /// <summary>One instance's orchestration, its shim made when it first runs.</summary>
    private sealed class Episode(FunctionDescriptor function, DurableTaskShimFactory shims, DataConverter converter) : CoreTaskOrchestration
    {
        private CoreTaskOrchestration? shim;

        public ParentOrchestrationInstance? Parent { get; set; }

        public override Task<string> Execute(OrchestrationContext context, string input)
        {
            shim = shims.CreateOrchestration(new TaskName(function.Name), new FunctionOrchestrator(function, converter), Parent);
            return shim.Execute(context, input);
        }

        public override string GetStatus() => shim?.GetStatus()!;

        public override void RaiseEvent(OrchestrationContext context, string name, string input) => shim?.RaiseEvent(context, name, input);
    }

    /// <summary>Calls the function with its context; static methods as the Durable samples write them, or an instance made without services.</summary>
    private sealed class FunctionOrchestrator(FunctionDescriptor function, DataConverter converter) : ITaskOrchestrator
    {
        public Type InputType => typeof(object);

        public Type OutputType => typeof(object);

        public async Task<object?> RunAsync(TaskOrchestrationContext context, object? input)
        {
            var wrapped = new FunctionOrchestrationContext(context, input, converter);
            object? instance = function.Method.IsStatic ? null : Activator.CreateInstance(function.Type);
            object?[] arguments = [.. function.Method.GetParameters().Select(p => p.Position == function.TriggerParameter.Position ? wrapped : p.HasDefaultValue ? p.DefaultValue : null)];
            object? returned;
            try
            {
                returned = function.Method.Invoke(instance, arguments);
            }
            catch (System.Reflection.TargetInvocationException ex) when (ex.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
                throw;
            }

            // Awaited on the orchestration's own scheduler: no ConfigureAwait(false) here.
            switch (returned)
            {
                case Task task:
                    await task;
                    return task.GetType().IsGenericType && task.GetType().GetGenericArguments()[0].Name != "VoidTaskResult" ? task.GetType().GetProperty("Result")!.GetValue(task) : null;
                default:
                    return returned;
            }
        }
    }
}
