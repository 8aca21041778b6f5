using System.Reflection;
using Gtm.Activities.Launch;
using Gtm.Activities.Monitoring;
using Gtm.Activities.Storage;
using Gtm.Channels;
using Gtm.Domain.Monitoring;
using Gtm.Orchestrations;
using Gtm.Testing.Scorecard;

namespace Gtm.Functions.Tests.Scorecard;

/// <summary>
/// The scorecard's truth stays out of the product's decisions: the hidden markets live in the test
/// support no product assembly references, and nothing the monitoring decides on carries the
/// sandbox's scenario; it reaches the sandboxes at provisioning, and the decisions see only the
/// platforms' metrics.
/// </summary>
[Trait("Category", "Unit")]
public sealed class HiddenMarketAccessTests
{
    private static readonly Assembly[] Product =
    [
        typeof(Metric).Assembly,
        typeof(LaunchedCampaign).Assembly,
        typeof(EvaluateVenture).Assembly,
        typeof(IChannelAdapter).Assembly,
        typeof(Gtm.Functions.Product.ProductServices).Assembly,
    ];

    /// <summary>What the evaluation reads, judges and stores on its way to a decision, and what the channels answer it.</summary>
    private static readonly Type[] DecisionInputs =
    [
        typeof(EvaluationInput), typeof(MonitoredVenture), typeof(CampaignReading), typeof(JudgeInput), typeof(Judgement), typeof(DecisionInput),
        typeof(EvaluationRecord), typeof(Intervention), typeof(AllocateInput), typeof(ChannelMetrics), typeof(PlatformCampaign), typeof(ExperimentMetrics),
    ];

    [Fact]
    public void No_product_assembly_references_the_scorecards_hidden_markets()
    {
        string scorecard = typeof(HiddenMarket).Assembly.GetName().Name!;
        Assert.All(Product, assembly => Assert.DoesNotContain(assembly.GetReferencedAssemblies(), r => r.Name == scorecard));
    }

    [Fact]
    public void Nothing_the_monitoring_decides_on_carries_the_market_scenario()
    {
        var seen = new HashSet<Type>();
        var found = new List<string>();
        foreach (Type type in DecisionInputs)
        {
            Walk(type, type.Name, seen, found);
        }

        Assert.True(found.Count == 0, $"the decisions can read the market's scenario through: {string.Join(", ", found)}");
        Assert.True(seen.Count > DecisionInputs.Length, "the walk must reach the types inside the inputs");
    }

    [Fact]
    public void The_walk_finds_a_scenario_where_there_is_one()
    {
        var found = new List<string>();
        Walk(typeof(ProvisionCampaignInput), nameof(ProvisionCampaignInput), [], found);
        Assert.Equal(["ProvisionCampaignInput.Scenario"], found);
    }

    /// <summary>Every public property of the product's own types, and of the types inside them, whose name speaks of the scenario or the market's condition.</summary>
    private static void Walk(Type type, string path, HashSet<Type> seen, List<string> found)
    {
        Type element = type.IsArray ? type.GetElementType()! : type.IsGenericType ? type.GetGenericArguments().LastOrDefault() ?? type : type;
        if (element != type)
        {
            Walk(element, path, seen, found);
            return;
        }

        if (!Product.Contains(type.Assembly) || !seen.Add(type))
        {
            return;
        }

        foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.Name.Contains("Scenario", StringComparison.OrdinalIgnoreCase) || property.Name.Contains("Condition", StringComparison.OrdinalIgnoreCase))
            {
                found.Add($"{path}.{property.Name}");
            }

            Walk(property.PropertyType, $"{path}.{property.Name}", seen, found);
        }
    }
}
