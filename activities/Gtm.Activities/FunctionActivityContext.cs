using Microsoft.DurableTask;

namespace Gtm.Activities;

/// <summary>
/// The context an activity class gets when its <c>[ActivityTrigger]</c> function runs it: the
/// activity's name and the calling orchestration's instance id, which the Functions host binds to
/// the function's <c>instanceId</c> parameter.
/// </summary>
public sealed class FunctionActivityContext(TaskName name, string instanceId) : TaskActivityContext
{
    public override TaskName Name { get; } = name;

    public override string InstanceId { get; } = instanceId;
}
