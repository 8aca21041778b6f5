using DurableTask.Core;
using Gtm.LocalRunner.Catalog;
using Gtm.LocalRunner.Invocation;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Shims;
using CoreTaskActivity = DurableTask.Core.TaskActivity;

namespace Gtm.LocalRunner.Durable;

/// <summary>
/// The app's <c>[ActivityTrigger]</c> functions as DurableTask.Core activities: each work item
/// invokes the function as the worker would, its input bound to the trigger parameter's type and
/// the orchestration's instance id to a parameter named <c>instanceId</c>.
/// </summary>
internal sealed class ActivityFunctions(FunctionCatalog catalog, DurableTaskShimFactory shims, FunctionInvoker invoker) : INameVersionObjectManager<CoreTaskActivity>
{
    private readonly Dictionary<string, FunctionDescriptor> functions =
        catalog.OfTrigger<ActivityTriggerAttribute>().ToDictionary(f => f.Function.Name, f => f.Function, StringComparer.OrdinalIgnoreCase);

    public void Add(ObjectCreator<CoreTaskActivity> creator) =>
        throw new NotSupportedException("Activities come from the app's [ActivityTrigger] functions.");

    public CoreTaskActivity GetObject(string name, string? version) =>
        functions.TryGetValue(name, out FunctionDescriptor? function) ? shims.CreateActivity(new TaskName(function.Name), new FunctionActivity(function, invoker)) : null!;

    private sealed class FunctionActivity(FunctionDescriptor function, FunctionInvoker invoker) : ITaskActivity
    {
        public Type InputType => function.TriggerParameter.ParameterType;

        public Type OutputType => typeof(object);

        /// <remarks>
        /// Not cancelled when the runner stops: a graceful stop lets running activities finish,
        /// as the Functions host does; functionTimeout still bounds each one.
        /// </remarks>
        public Task<object?> RunAsync(TaskActivityContext context, object? input) =>
            invoker.InvokeAsync(function, input, new Dictionary<string, object?> { ["instanceId"] = context.InstanceId, ["name"] = function.Name }, null, CancellationToken.None);
    }
}
