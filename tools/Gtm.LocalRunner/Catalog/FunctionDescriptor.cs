using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Gtm.LocalRunner.Catalog;

/// <summary>A function as the runner sees it: its name, where its method is, and its one trigger.</summary>
public sealed record FunctionDescriptor(string Name, Type Type, MethodInfo Method, Attribute Trigger, ParameterInfo TriggerParameter)
{
    /// <summary>The type and method, as functions.metadata's <c>entryPoint</c> names them.</summary>
    public string EntryPoint => $"{Type.FullName}.{Method.Name}";

    /// <summary>The trigger's binding type, as functions.metadata names it.</summary>
    public string TriggerType => Trigger switch
    {
        HttpTriggerAttribute => "httpTrigger",
        TimerTriggerAttribute => "timerTrigger",
        QueueTriggerAttribute => "queueTrigger",
        OrchestrationTriggerAttribute => "orchestrationTrigger",
        ActivityTriggerAttribute => "activityTrigger",
        _ => Trigger.GetType().Name,
    };
}
