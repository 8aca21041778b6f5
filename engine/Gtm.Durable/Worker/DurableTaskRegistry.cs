using System.Reflection;

namespace Gtm.Durable;

/// <summary>The orchestrators and activities a worker can run, by name (the class name unless given).</summary>
public sealed class DurableTaskRegistry
{
    private readonly Dictionary<string, Type> orchestrators = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Type> activities = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, Type> Orchestrators => orchestrators;

    public IReadOnlyDictionary<string, Type> Activities => activities;

    public DurableTaskRegistry AddOrchestrator<T>() where T : class, ITaskOrchestrator => AddOrchestrator(typeof(T).Name, typeof(T));

    public DurableTaskRegistry AddActivity<T>() where T : class, ITaskActivity => AddActivity(typeof(T).Name, typeof(T));

    public DurableTaskRegistry AddOrchestrator(string name, Type type) => Add(orchestrators, name, type, typeof(ITaskOrchestrator));

    public DurableTaskRegistry AddActivity(string name, Type type) => Add(activities, name, type, typeof(ITaskActivity));

    /// <summary>Registers every concrete orchestrator and activity class of an assembly under its class name.</summary>
    public DurableTaskRegistry AddAllFrom(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        foreach (Type type in assembly.GetTypes().Where(type => type is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false }))
        {
            if (typeof(ITaskOrchestrator).IsAssignableFrom(type))
            {
                AddOrchestrator(type.Name, type);
            }
            else if (typeof(ITaskActivity).IsAssignableFrom(type))
            {
                AddActivity(type.Name, type);
            }
        }

        return this;
    }

    private DurableTaskRegistry Add(Dictionary<string, Type> map, string name, Type type, Type contract)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!contract.IsAssignableFrom(type))
        {
            throw new ArgumentException($"'{type.FullName}' does not implement {contract.Name}.", nameof(type));
        }

        if (map.TryGetValue(name, out Type? existing) && existing != type)
        {
            throw new ArgumentException($"The name '{name}' is registered twice: {existing.FullName} and {type.FullName}.", nameof(name));
        }

        map[name] = type;
        return this;
    }
}
