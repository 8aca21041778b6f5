using System.Reflection;
using Gtm.LocalRunner.Settings;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Gtm.LocalRunner.Catalog;

/// <summary>
/// Every <c>[Function]</c> method of an app, found as the Functions Sdk indexes them: public
/// methods of public types in the app's assembly and the assemblies it references, each with
/// exactly one trigger parameter.
/// </summary>
public sealed class FunctionCatalog
{
    private FunctionCatalog(IReadOnlyList<FunctionDescriptor> functions) => Functions = functions;

    public IReadOnlyList<FunctionDescriptor> Functions { get; }

    public IEnumerable<(FunctionDescriptor Function, T Trigger)> OfTrigger<T>()
        where T : Attribute =>
        Functions.Where(f => f.Trigger is T).Select(f => (f, (T)f.Trigger));

    /// <summary>The catalog without the functions an app setting disables, as Azure Functions reads <c>AzureWebJobs.{name}.Disabled</c>.</summary>
    public FunctionCatalog Without(Func<string, bool> disabled) => new([.. Functions.Where(f => !disabled(f.Name))]);

    /// <summary>The functions of the app and of the assemblies it references (framework and package assemblies have none).</summary>
    public static FunctionCatalog ForApp(Assembly app) => From(AppAssemblies(app));

    public static FunctionCatalog From(IEnumerable<Assembly> assemblies)
    {
        var functions = new List<FunctionDescriptor>();
        foreach (Type type in assemblies.Distinct().SelectMany(a => a.GetExportedTypes()).Where(t => t.IsClass))
        {
            foreach (MethodInfo method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
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
            : throw new RunnerConfigurationException($"Two functions are named '{duplicate}'; function names must be unique.");
    }

    private static FunctionDescriptor Describe(string name, Type type, MethodInfo method)
    {
        var triggers = method.GetParameters()
            .SelectMany(p => p.GetCustomAttributes<TriggerBindingAttribute>().Select(a => (Parameter: p, Attribute: (Attribute)a)))
            .ToList();
        if (triggers.Count != 1)
        {
            throw new RunnerConfigurationException($"Function '{name}' ({type.Name}.{method.Name}) must have exactly one trigger parameter; it has {triggers.Count}.");
        }

        (ParameterInfo parameter, Attribute trigger) = triggers[0];
        if (trigger is not (HttpTriggerAttribute or TimerTriggerAttribute or QueueTriggerAttribute or OrchestrationTriggerAttribute or ActivityTriggerAttribute))
        {
            throw new RunnerConfigurationException($"Function '{name}' uses {trigger.GetType().Name}, which this runner does not run (it runs HTTP, timer, queue, orchestration and activity triggers).");
        }

        if (type.IsAbstract && !method.IsStatic)
        {
            throw new RunnerConfigurationException($"Function '{name}' is an instance method of the static or abstract type {type.Name}.");
        }

        return new FunctionDescriptor(name, type, method, trigger, parameter);
    }

    /// <summary>The app and, transitively, every referenced assembly that references the Functions worker (the runner's own aside).</summary>
    private static IEnumerable<Assembly> AppAssemblies(Assembly app)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { app.GetName().Name!, typeof(FunctionCatalog).Assembly.GetName().Name! };
        var pending = new Queue<Assembly>([app]);
        while (pending.TryDequeue(out Assembly? assembly))
        {
            yield return assembly;
            foreach (AssemblyName reference in assembly.GetReferencedAssemblies())
            {
                if (seen.Add(reference.Name!) && !IsPlatform(reference) && Assembly.Load(reference) is { } loaded && UsesFunctions(loaded))
                {
                    pending.Enqueue(loaded);
                }
            }
        }
    }

    private static bool IsPlatform(AssemblyName name) =>
        name.Name!.StartsWith("System", StringComparison.Ordinal) || name.Name.StartsWith("Microsoft.", StringComparison.Ordinal)
        || name.Name.StartsWith("Azure.", StringComparison.Ordinal) || name.Name is "netstandard" or "mscorlib";

    private static bool UsesFunctions(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Any(r => r.Name is "Microsoft.Azure.Functions.Worker.Core" or "Microsoft.Azure.Functions.Worker.Extensions.Abstractions");
}
