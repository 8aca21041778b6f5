using Gtm.Functions.Product;
using Gtm.LocalRunner.Catalog;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Gtm.LocalRunner.Tests.Catalog;

/// <summary>
/// Without the Durable source generators, each orchestrator and activity class carries its own
/// [Function] trigger; one without it is never found by its name, and every call to it fails.
/// </summary>
[Trait("Category", "Unit")]
public sealed class DurableClassesTests
{
    [Fact]
    public void Every_orchestrator_and_activity_class_of_the_app_is_a_function_of_its_own_name_with_the_right_trigger()
    {
        FunctionCatalog catalog = FunctionCatalog.ForApp(typeof(ProductServices).Assembly);
        Type[] durable = [.. catalog.Functions.Select(f => f.Type.Assembly).Distinct()
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && (IsA(t, typeof(TaskOrchestrator<,>)) || IsA(t, typeof(TaskActivity<,>))))];

        Assert.True(durable.Length > 30, $"only {durable.Length} orchestrator and activity classes found");
        Assert.All(durable, type =>
        {
            FunctionDescriptor? function = catalog.Functions.SingleOrDefault(f => f.Name == type.Name);
            Assert.True(function is not null, $"{type.FullName} has no [Function(nameof({type.Name}))]");
            Assert.Equal(type, function.Type);
            Assert.IsType(IsA(type, typeof(TaskOrchestrator<,>)) ? typeof(OrchestrationTriggerAttribute) : typeof(ActivityTriggerAttribute), function.Trigger);
        });
    }

    private static bool IsA(Type type, Type generic)
    {
        for (Type? t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == generic)
            {
                return true;
            }
        }

        return false;
    }
}
