using System.Reflection;

namespace Gtm.Functions.Declarations;

/// <summary>A function found by <see cref="FunctionCatalog"/>: its name, its method, and its trigger.</summary>
public sealed record FunctionDescriptor(string Name, Type Type, MethodInfo Method, Attribute Trigger, ParameterInfo TriggerParameter);

/// <summary>Every [Function] method in the given assemblies, each with exactly one trigger.</summary>
public sealed class FunctionCatalog
{
    private FunctionCatalog(IReadOnlyList<FunctionDescriptor> functions) => Functions = functions;

    public IReadOnlyList<FunctionDescriptor> Functions { get; }

    public IEnumerable<(FunctionDescriptor Function, T Trigger)> OfTrigger<T>()
        where T : Attribute =>
        Functions.Where(f => f.Trigger is T).Select(f => (f, (T)f.Trigger));

    /// <summary>The catalog without the functions an app setting disables, as Azure Functions reads <c>AzureWebJobs.{name}.Disabled</c>.</summary>
    public FunctionCatalog Without(Func<string, bool> disabled) => new([.. Functions.Where(f => !disabled(f.Name))]);

    public static FunctionCatalog From(IEnumerable<Assembly> assemblies)
    {
        var functions = new List<FunctionDescriptor>();
        foreach (Type type in assemblies.Distinct().SelectMany(a => a.GetExportedTypes()).Where(t => t is { IsClass: true, IsAbstract: false }))
        {
            foreach (MethodInfo method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            {
                if (method.GetCustomAttribute<FunctionAttribute>() is { } function)
                {
                    functions.Add(Describe(function.Name, type, method));
                }
            }
        }

        string? duplicate = functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1)?.Key;
        return duplicate is null
            ? new FunctionCatalog(functions)
            : throw new InvalidOperationException($"Two functions are named '{duplicate}'; function names must be unique.");
    }

    private static FunctionDescriptor Describe(string name, Type type, MethodInfo method)
    {
        var triggers = method.GetParameters()
            .SelectMany(p => p.GetCustomAttributes().Where(IsTrigger).Select(a => (Parameter: p, Attribute: a)))
            .ToList();
        return triggers.Count == 1
            ? new FunctionDescriptor(name, type, method, triggers[0].Attribute, triggers[0].Parameter)
            : throw new InvalidOperationException($"Function '{name}' ({type.Name}.{method.Name}) must have exactly one trigger parameter; it has {triggers.Count}.");
    }

    private static bool IsTrigger(Attribute attribute) =>
        attribute is HttpTriggerAttribute or TimerTriggerAttribute or QueueTriggerAttribute;
}
