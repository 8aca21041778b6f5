using Microsoft.Extensions.DependencyInjection;

namespace Gtm.LocalRunner.TestHost;

/// <summary>The test functions as an app the runner runs: the functions of this assembly, with a recorder of what they saw.</summary>
public static class TestApp
{
    public static FunctionsApp Definition { get; } = new(typeof(TestApp).Assembly, (services, _) => services.AddSingleton<Recorder>());
}
