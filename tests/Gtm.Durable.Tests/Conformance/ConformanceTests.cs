using Gtm.Durable.Tests.Support;

namespace Gtm.Durable.Tests.Conformance;

/// <summary>
/// The behaviour every backend must show, run against each (see the derived classes). Split by
/// concern: Durable Functions' patterns, instance management, and the runtime's guarantees.
/// </summary>
public abstract partial class ConformanceTests(HubFixture fixture)
{
    protected TestHub Hub => fixture.Hub;

    protected DurableTaskClient Client => fixture.Hub.Client;

    protected Backend.IOrchestrationServiceClient Backend => fixture.Backend;

    protected static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}

[Trait("Category", "Unit")]
public sealed class InMemoryConformanceTests(InMemoryHubFixture fixture) : ConformanceTests(fixture), IClassFixture<InMemoryHubFixture>;

[Trait("Category", "Integration")]
public sealed class AzureStorageConformanceTests(AzureHubFixture fixture) : ConformanceTests(fixture), IClassFixture<AzureHubFixture>;
