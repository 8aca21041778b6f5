using System.Collections.Immutable;
using System.Diagnostics;
using Gtm.LocalRunner.Catalog;
using Microsoft.Azure.Functions.Worker;

namespace Gtm.LocalRunner.Invocation;

/// <summary>
/// One invocation's <see cref="FunctionContext"/>, as the worker gives it to a function: its ids,
/// trace context, binding data, per-invocation services, items and features.
/// </summary>
internal sealed class RunnerFunctionContext : FunctionContext
{
    public RunnerFunctionContext(FunctionDescriptor function, IServiceProvider services, IReadOnlyDictionary<string, object?> bindingData, CancellationToken cancellation)
    {
        InvocationId = Guid.NewGuid().ToString();
        FunctionDefinition = new Definition(function);
        FunctionId = FunctionDefinition.Id;
        InstanceServices = services;
        BindingContext = new Bindings(bindingData);
        TraceContext = new Trace(Activity.Current);
        CancellationToken = cancellation;
    }

    public override string InvocationId { get; }

    public override string FunctionId { get; }

    public override TraceContext TraceContext { get; }

    public override BindingContext BindingContext { get; }

    public override RetryContext RetryContext { get; } = new NoRetries();

    public override IServiceProvider InstanceServices { get; set; }

    public override FunctionDefinition FunctionDefinition { get; }

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features { get; } = new InvocationFeatures();

    public override CancellationToken CancellationToken { get; }

    private sealed class Definition(FunctionDescriptor function) : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters { get; } =
            [.. function.Method.GetParameters().Select(p => new FunctionParameter(p.Name!, p.ParameterType))];

        public override string PathToAssembly { get; } = function.Type.Assembly.Location;

        public override string EntryPoint { get; } = function.EntryPoint;

        public override string Id { get; } = function.Name;

        public override string Name { get; } = function.Name;

        public override IImmutableDictionary<string, BindingMetadata> InputBindings { get; } = ImmutableDictionary<string, BindingMetadata>.Empty;

        public override IImmutableDictionary<string, BindingMetadata> OutputBindings { get; } = ImmutableDictionary<string, BindingMetadata>.Empty;
    }

    private sealed class Bindings(IReadOnlyDictionary<string, object?> data) : BindingContext
    {
        public override IReadOnlyDictionary<string, object?> BindingData { get; } = data;
    }

    private sealed class Trace(Activity? activity) : TraceContext
    {
        public override string TraceParent { get; } = activity?.Id ?? "";

        public override string TraceState { get; } = activity?.TraceStateString ?? "";
    }

    /// <summary>The runner retries nothing at the function level (host.json has no retry policy here).</summary>
    private sealed class NoRetries : RetryContext
    {
        public override int RetryCount => 0;

        public override int MaxRetryCount => 0;
    }

    private sealed class InvocationFeatures : IInvocationFeatures
    {
        private readonly Dictionary<Type, object> features = [];

        public void Set<T>(T instance) => features[typeof(T)] = instance!;

        public T? Get<T>() => features.TryGetValue(typeof(T), out object? feature) ? (T)feature : default;

        public IEnumerator<KeyValuePair<Type, object>> GetEnumerator() => features.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
