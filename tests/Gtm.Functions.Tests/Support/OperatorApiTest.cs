namespace Gtm.Functions.Tests.Support;

/// <summary>A host per test class and a client holding the master key, as the LEAD operator uses the API.</summary>
public abstract class OperatorApiTest : IAsyncLifetime
{
    protected FunctionsHost Host { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await FunctionsHost.StartAsync();
        Client = Host.CreateClient();
        Client.DefaultRequestHeaders.Add("x-functions-key", FunctionsHost.MasterKey);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
