using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;

namespace Gtm.Durable.Replay;

/// <summary>
/// Reads an orchestrator's IL (its methods, its async state machines and lambdas, and the helpers
/// of its own assembly that they call) for APIs that replay cannot reproduce. The result is
/// cached per type, so the cost is paid once per process.
/// </summary>
internal static class ForbiddenApiScanner
{
    private const int MaxHelperDepth = 4;

    private static readonly ConcurrentDictionary<Type, IReadOnlyList<string>> Cache = new();

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => code.Value);

    private const string UseContextTime = "read the time from context.CurrentUtcDateTime";
    private const string UseTimer = "wait with context.CreateTimer";
    private const string UseActivity = "do this work in an activity";

    /// <summary>
    /// Forbidden members by "Type.Member", "Type.Member(ParameterTypes)" for one overload only
    /// (".ctor" for constructors), or "Type.*" for the whole type.
    /// </summary>
    private static readonly Dictionary<string, string> Forbidden = new(StringComparer.Ordinal)
    {
        ["System.DateTime.get_Now"] = UseContextTime,
        ["System.DateTime.get_UtcNow"] = UseContextTime,
        ["System.DateTime.get_Today"] = UseContextTime,
        ["System.DateTimeOffset.get_Now"] = UseContextTime,
        ["System.DateTimeOffset.get_UtcNow"] = UseContextTime,
        ["System.TimeProvider.get_System"] = UseContextTime,
        ["System.TimeProvider.GetUtcNow"] = UseContextTime,
        ["System.TimeProvider.GetLocalNow"] = UseContextTime,
        ["System.TimeProvider.GetTimestamp"] = UseContextTime,
        ["System.Environment.get_TickCount"] = UseContextTime,
        ["System.Environment.get_TickCount64"] = UseContextTime,
        ["System.Diagnostics.Stopwatch.*"] = UseContextTime,
        ["System.Threading.Tasks.Task.Delay"] = UseTimer,
        ["System.Threading.Thread.Sleep"] = UseTimer,
        ["System.Threading.Tasks.Task.Run"] = UseActivity,
        ["System.Threading.Tasks.TaskFactory.StartNew"] = UseActivity,
        ["System.Threading.Tasks.Parallel.*"] = UseActivity,
        ["System.Threading.ThreadPool.*"] = UseActivity,
        ["System.Net.Http.HttpClient.*"] = UseActivity,
        ["System.IO.File.*"] = UseActivity,
        ["System.Guid.NewGuid"] = "use context.NewGuid()",
        ["System.Random..ctor()"] = "pass random choices in through the input or an activity",
        ["System.Threading.CancellationTokenSource..ctor(TimeSpan)"] = UseTimer,
        ["System.Threading.CancellationTokenSource..ctor(Int32)"] = UseTimer,
        ["System.Threading.CancellationTokenSource.CancelAfter"] = UseTimer,
        ["System.Threading.Timer.*"] = UseTimer,
        ["System.Threading.PeriodicTimer.*"] = UseTimer,
        ["System.Threading.Tasks.Task.WaitAsync(TimeSpan)"] = UseTimer,
        ["System.Threading.Tasks.Task.WaitAsync(TimeSpan, CancellationToken)"] = UseTimer,
        ["System.Threading.Tasks.Task.Wait"] = "await the task instead of blocking the orchestrator's thread",
        ["System.Threading.Tasks.Task`1.WaitAsync(TimeSpan)"] = UseTimer,
        ["System.Threading.Tasks.Task`1.WaitAsync(TimeSpan, CancellationToken)"] = UseTimer,
        ["System.Random.get_Shared"] = "pass random choices in through the input or an activity",
    };

    public static IReadOnlyList<string> Scan(Type orchestratorType) => Cache.GetOrAdd(orchestratorType, FindViolations);

    private static List<string> FindViolations(Type orchestratorType)
    {
        var violations = new List<string>();
        var visited = new HashSet<MethodBase>();
        var pending = new Queue<(MethodBase Method, int Depth)>();
        foreach (MethodBase method in MethodsOf(orchestratorType))
        {
            pending.Enqueue((method, 0));
        }

        while (pending.TryDequeue(out (MethodBase Method, int Depth) item))
        {
            if (!visited.Add(item.Method))
            {
                continue;
            }

            foreach (MethodBase callee in CalledMethods(item.Method))
            {
                string? advice = AdviceFor(callee);
                if (advice is not null)
                {
                    string violation = $"{DisplayName(item.Method)} calls {callee.DeclaringType?.Name}.{callee.Name} ({advice})";
                    if (!violations.Contains(violation))
                    {
                        violations.Add(violation);
                    }
                }
                else if (callee.Module.Assembly == orchestratorType.Assembly && item.Depth < MaxHelperDepth)
                {
                    pending.Enqueue((callee, item.Depth + 1));
                }
            }
        }

        return violations;
    }

    private static IEnumerable<MethodBase> MethodsOf(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (MethodBase method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            yield return method;
        }

        // Async state machines, lambdas' closures and local functions live in nested types.
        foreach (Type nested in type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic))
        {
            foreach (MethodBase method in MethodsOf(nested))
            {
                yield return method;
            }
        }
    }

    private static string? AdviceFor(MethodBase callee)
    {
        Type? declaring = callee.DeclaringType;
        string? typeName = declaring is { IsGenericType: true } ? declaring.GetGenericTypeDefinition().FullName : declaring?.FullName;
        if (typeName is null)
        {
            return null;
        }

        string parameters = string.Join(", ", callee.GetParameters().Select(p => p.ParameterType.Name));
        return Forbidden.GetValueOrDefault($"{typeName}.{callee.Name}({parameters})")
            ?? Forbidden.GetValueOrDefault($"{typeName}.{callee.Name}")
            ?? Forbidden.GetValueOrDefault($"{typeName}.*");
    }

    /// <summary>"Orchestrator.RunAsync" for RunAsync itself, its state machine and its lambdas alike.</summary>
    private static string DisplayName(MethodBase method)
    {
        string member = method.Name;
        Type? owner = method.DeclaringType;
        while (owner is not null && owner.Name.StartsWith('<'))
        {
            if (!member.StartsWith('<'))
            {
                member = owner.Name;
            }

            owner = owner.DeclaringType;
        }

        int end = member.IndexOf('>', StringComparison.Ordinal);
        return $"{owner?.Name}.{(member.StartsWith('<') && end > 1 ? member[1..end] : member)}";
    }

    /// <summary>The methods a method body calls, loads as delegates or constructs.</summary>
    private static IEnumerable<MethodBase> CalledMethods(MethodBase method)
    {
        byte[]? il;
        try
        {
            il = method.GetMethodBody()?.GetILAsByteArray();
        }
        catch (InvalidOperationException)
        {
            yield break;
        }

        if (il is null)
        {
            yield break;
        }

        Type[]? typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        Type[]? methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        int position = 0;
        while (position < il.Length)
        {
            short value = il[position] == 0xFE && position + 1 < il.Length
                ? (short)(0xFE00 | il[++position])
                : il[position];
            position++;
            if (!OpCodesByValue.TryGetValue(value, out OpCode code))
            {
                yield break;
            }

            if (code.OperandType == OperandType.InlineMethod)
            {
                int token = BitConverter.ToInt32(il, position);
                MethodBase? callee = Resolve(method.Module, token, typeArguments, methodArguments);
                if (callee is not null)
                {
                    yield return callee;
                }
            }

            position += OperandSize(code.OperandType, il, position);
        }
    }

    private static MethodBase? Resolve(Module module, int token, Type[]? typeArguments, Type[]? methodArguments)
    {
        try
        {
            return module.ResolveMethod(token, typeArguments, methodArguments);
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (TypeLoadException)
        {
            return null;
        }
    }

    private static int OperandSize(OperandType type, byte[] il, int position) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, position)),
        _ => 4,
    };
}
