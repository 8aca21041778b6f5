namespace Gtm.Functions.Declarations;

/// <summary>Marks a method as a function, as in the isolated worker: one trigger parameter says how it runs.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FunctionAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>Who may call an HTTP function: nobody needs a key (anonymous), a function or master key, or the master key only.</summary>
public enum AuthorizationLevel
{
    Anonymous,
    Function,
    Admin,
}

/// <summary>An HTTP trigger: methods and a route under <c>extensions.http.routePrefix</c>.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class HttpTriggerAttribute(AuthorizationLevel authLevel, params string[] methods) : Attribute
{
    public AuthorizationLevel AuthLevel { get; } = authLevel;

    public IReadOnlyList<string> Methods { get; } = methods;

    /// <summary>The route template; the function's name when not set.</summary>
    public string? Route { get; init; }
}

/// <summary>A timer trigger on a six-field NCRONTAB schedule (seconds first), or an app setting named %Like This%.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class TimerTriggerAttribute(string schedule) : Attribute
{
    public string Schedule { get; } = schedule;

    /// <summary>Also run once when the host starts.</summary>
    public bool RunOnStartup { get; init; }
}

/// <summary>A queue trigger on an Azure Storage queue of the storage account named by <see cref="Connection"/>.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class QueueTriggerAttribute(string queueName) : Attribute
{
    public string QueueName { get; } = queueName;

    public string Connection { get; init; } = "AzureWebJobsStorage";
}
