using System.Reflection;
using Gtm.Durable;
using Gtm.Functions.Declarations;
using Gtm.Functions.Http;
using Gtm.Functions.Product;
using Gtm.Functions.Queues;
using Gtm.Functions.Timers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gtm.Functions.Hosting;

/// <summary>
/// Builds the functions host the way <c>func start</c> sets one up: host.json (validated),
/// local.settings.json's values under the environment, keys, the functions found in the given
/// assemblies with their triggers, and the durable engine on the storage account.
/// </summary>
public static class FunctionsApplication
{
    public const int DefaultPort = 7071;

    /// <param name="contentRoot">The folder with host.json and local.settings.json.</param>
    /// <param name="functionAssemblies">Where the functions, orchestrators and activities are.</param>
    /// <param name="configure">Last word on services (tests replace options here).</param>
    public static WebApplication Build(string[] args, string contentRoot, IReadOnlyCollection<Assembly> functionAssemblies, Action<WebApplicationBuilder>? configure = null)
    {
        string hostJson = Path.Combine(contentRoot, "host.json");
        HostJson.Validate(hostJson);
        LocalSettings local = LocalSettings.Load(Path.Combine(contentRoot, "local.settings.json"));

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = contentRoot });
        builder.Configuration.Sources.Clear();
        builder.Configuration
            .AddInMemoryCollection(ProductServices.DefaultSettings)
            .AddJsonFile(hostJson, optional: false, reloadOnChange: false)
            .AddInMemoryCollection(local.Values)
            .AddEnvironmentVariables()
            .AddCommandLine(args);
        ConfigurationManager configuration = builder.Configuration;

        int port = configuration.GetValue<int?>("port") ?? local.LocalHttpPort ?? DefaultPort;
        if (configuration["urls"] is null)
        {
            builder.WebHost.UseUrls($"http://0.0.0.0:{port}");
        }

        ConfigureLogging(builder);
        builder.Services.Configure<FunctionsHostOptions>(o => FunctionsHostOptions.Bind(configuration, o));
        builder.Services.Configure<QueuesOptions>(o => QueuesOptions.Bind(configuration, o));
        builder.Services.Configure<FunctionKeyOptions>(configuration.GetSection("Keys"));
        builder.Services.AddOptions<TimerOptions>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(60));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = configuration.GetValue<long?>("extensions:http:maxRequestBodySize") ?? 1024 * 1024);
        builder.Services.AddProblemDetails();
        builder.Services.AddFunctionsTelemetry(configuration);

        FunctionCatalog catalog = FunctionCatalog.From(functionAssemblies.Append(typeof(FunctionsApplication).Assembly))
            .Without(name => configuration.GetValue($"AzureWebJobs.{name}.Disabled", false) || configuration.GetValue($"AzureWebJobs:{name}:Disabled", false));
        foreach ((FunctionDescriptor function, TimerTriggerAttribute timer) in catalog.OfTrigger<TimerTriggerAttribute>())
        {
            TimerTriggerService.ParseSchedule(function.Name, timer.Schedule, configuration);
        }

        foreach ((FunctionDescriptor function, QueueTriggerAttribute queue) in catalog.OfTrigger<QueueTriggerAttribute>())
        {
            AppSettings.Resolve(queue.QueueName, configuration, $"Queue function '{function.Name}'");
        }

        builder.Services.AddSingleton(catalog);
        builder.Services.AddSingleton<FunctionInvoker>();
        builder.Services.AddSingleton<FunctionKeyAuthorizer>();
        builder.Services.AddSingleton<HostStorage>();
        builder.Services.AddHostedService<HostStorageInitializer>();
        builder.Services
            .AddDurableTask(configuration.GetSection(DurableTaskOptions.SectionPath))
            .AddTasks(registry =>
            {
                Assembly[] product = [typeof(Gtm.Durable.Samples.HelloSequence).Assembly, typeof(Gtm.Orchestrations.Stage17).Assembly, typeof(Gtm.Activities.Strategy.PlanGtmConfig).Assembly];
                foreach (Assembly assembly in functionAssemblies.Concat(product).Distinct())
                {
                    registry.AddAllFrom(assembly);
                }
            })
            .UseAzureStorage();
        builder.Services.AddGtmProduct(configuration);
        builder.Services.AddHostedService<TimerTriggerService>();
        builder.Services.AddHostedService<QueueTriggerService>();
        configure?.Invoke(builder);

        WebApplication app = builder.Build();
        app.UseStatusCodePages();
        app.MapHttpFunctions(catalog);
        app.Lifetime.ApplicationStarted.Register(() => FunctionList.Log(app, catalog));
        return app;
    }

    /// <summary>host.json's <c>logging</c> section; scopes on, so every line carries its function and instance.</summary>
    private static void ConfigureLogging(WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("logging"));
        if (builder.Configuration.GetValue("logging:console:isEnabled", true))
        {
            if (builder.Configuration["telemetry:consoleFormat"] == "json")
            {
                builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
            }
            else
            {
                builder.Logging.AddSimpleConsole(o => { o.IncludeScopes = true; o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
            }
        }
    }

    /// <summary>Creates the host's container before timers look for their leases.</summary>
    private sealed class HostStorageInitializer(HostStorage storage) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => storage.InitializeAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
