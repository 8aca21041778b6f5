using System.Reflection;
using System.Text.Json;
using Azure.Core.Serialization;
using DurableTask.Core;
using Gtm.LocalRunner.Catalog;
using Gtm.LocalRunner.Durable;
using Gtm.LocalRunner.Http;
using Gtm.LocalRunner.Invocation;
using Gtm.LocalRunner.Queues;
using Gtm.LocalRunner.Settings;
using Gtm.LocalRunner.Storage;
using Gtm.LocalRunner.Telemetry;
using Gtm.LocalRunner.Timers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gtm.LocalRunner;

/// <summary>What the runner runs: the app's assembly and how the app registers its services.</summary>
/// <param name="ConfigureServices">The app's own registrations, as its Program.cs makes them on the Functions builder.</param>
/// <param name="ScanReferences">Also the functions of the assemblies the app references, as the Functions Sdk indexes them (the default).</param>
public sealed record FunctionsApp(Assembly Assembly, Action<IServiceCollection, IConfiguration> ConfigureServices, bool ScanReferences = true);

/// <summary>
/// Builds the runner the way <c>func start</c> sets up a host: host.json (validated), local.settings.json's
/// values under the environment, keys, the app's functions with their triggers, and the durable
/// functions on DurableTask.Core with the Azure Storage provider.
/// </summary>
public static class RunnerApplication
{
    public const int DefaultPort = 7071;

    /// <param name="scriptRoot">The folder with host.json and local.settings.json (the app's build or publish output).</param>
    /// <param name="configure">Last word on the builder (tests replace services here).</param>
    public static WebApplication Build(string[] args, string scriptRoot, FunctionsApp app, Action<WebApplicationBuilder>? configure = null)
    {
        string hostJson = Path.Combine(scriptRoot, "host.json");
        HostJson.Validate(hostJson);
        WorkerConfig.CheckSameBuild(scriptRoot, app.Assembly);
        LocalSettings local = LocalSettings.Load(Path.Combine(scriptRoot, "local.settings.json"));

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = scriptRoot });
        builder.Configuration.Sources.Clear();
        builder.Configuration
            .AddJsonFile(hostJson, optional: false, reloadOnChange: false)
            .AddInMemoryCollection(local.HostJsonOverrides)
            .AddEnvironmentVariables(LocalSettings.HostJsonOverridePrefix)
            .AddInMemoryCollection(local.Values)
            .AddEnvironmentVariables()
            .AddCommandLine(args);
        ConfigurationManager configuration = builder.Configuration;
        if (configuration["urls"] is null)
        {
            builder.WebHost.UseUrls($"http://0.0.0.0:{configuration.GetValue<int?>("port") ?? local.LocalHttpPort ?? DefaultPort}");
        }

        ConfigureLogging(builder);
        var hostOptions = new FunctionsHostOptions();
        FunctionsHostOptions.Bind(configuration, hostOptions);
        builder.Services.AddSingleton(Options.Create(hostOptions));
        builder.Services.Configure<QueuesOptions>(o => QueuesOptions.Bind(configuration, o));
        builder.Services.Configure<FunctionKeyOptions>(configuration.GetSection("Keys"));
        builder.Services.AddOptions<TimerOptions>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(60));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = hostOptions.MaxRequestBodySize);
        builder.Services.AddProblemDetails();
        builder.Services.AddMvcCore();
        builder.Services.AddRunnerTelemetry(configuration);

        FunctionCatalog catalog = (app.ScanReferences ? FunctionCatalog.ForApp(app.Assembly) : FunctionCatalog.From([app.Assembly]))
            .Without(name => configuration.GetValue($"AzureWebJobs.{name}.Disabled", false) || configuration.GetValue($"AzureWebJobs:{name}:Disabled", false));
        CheckTriggerSettings(catalog, configuration);
        builder.Services.AddSingleton(catalog);
        builder.Services.AddSingleton<FunctionInvoker>();
        builder.Services.AddSingleton<FunctionKeyAuthorizer>();
        builder.Services.AddSingleton<HostStorage>();
        app.ConfigureServices(builder.Services, configuration);
        builder.Services.TryAddSingleton(TimeProvider.System);
        AddDurableFunctions(builder.Services, DurableTaskOptions.From(configuration), configuration);
        builder.Services.AddHostedService<TimerTriggerService>();
        builder.Services.AddHostedService<QueueTriggerService>();
        configure?.Invoke(builder);

        WebApplication web = builder.Build();
        web.UseStatusCodePages();
        web.MapHttpFunctions(catalog);
        web.MapDurableHttpApi();
        web.Lifetime.ApplicationStarted.Register(() => FunctionList.Log(web, catalog));
        return web;
    }

    /// <summary>
    /// The durable functions: the app's serializer as the data converter (as the DurableTask extension
    /// sets it), the task hub on Azure Storage unless a test put another orchestration service first,
    /// the <c>[DurableClient]</c> and the worker.
    /// </summary>
    private static void AddDurableFunctions(IServiceCollection services, DurableTaskOptions options, ConfigurationManager configuration)
    {
        services.AddSingleton(options);
        services.AddSingleton<DataConverter>(provider =>
        {
            ObjectSerializer serializer = provider.GetRequiredService<IOptions<WorkerOptions>>().Value.Serializer
                ?? new JsonObjectSerializer(new JsonSerializerOptions { PropertyNameCaseInsensitive = true });
            return new WorkerDataConverter(serializer);
        });
        services.AddSingleton(provider => new DurableTaskShimFactory(
            new DurableTaskWorkerOptions { DataConverter = provider.GetRequiredService<DataConverter>() }, provider.GetRequiredService<ILoggerFactory>()));
        services.TryAddSingleton<IOrchestrationService>(provider => AzureStorageTaskHub.Create(
            options, provider.GetRequiredService<HostStorage>(), configuration["HostId"] ?? HostStorage.DefaultHostId, provider.GetRequiredService<ILoggerFactory>()));
        services.TryAddSingleton(provider => (IOrchestrationServiceClient)provider.GetRequiredService<IOrchestrationService>());
        services.AddSingleton(provider => new CoreDurableTaskClient(provider.GetRequiredService<IOrchestrationServiceClient>(), provider.GetRequiredService<DataConverter>(), options.HubName));
        services.AddSingleton<DurableTaskClient>(provider => provider.GetRequiredService<CoreDurableTaskClient>());
        services.AddSingleton<OrchestratorFunctions>();
        services.AddSingleton<ActivityFunctions>();
        services.AddHostedService<DurableFunctionsWorker>();
    }

    /// <summary>Schedules and queue names resolve at start-up, so a missing app setting stops the runner naming it.</summary>
    private static void CheckTriggerSettings(FunctionCatalog catalog, ConfigurationManager configuration)
    {
        foreach ((FunctionDescriptor function, TimerTriggerAttribute timer) in catalog.OfTrigger<TimerTriggerAttribute>())
        {
            TimerTriggerService.ParseSchedule(function.Name, timer.Schedule, configuration);
        }

        foreach ((FunctionDescriptor function, QueueTriggerAttribute queue) in catalog.OfTrigger<QueueTriggerAttribute>())
        {
            AppSettings.Resolve(queue.QueueName, configuration, $"Queue function '{function.Name}'");
        }
    }

    /// <summary>host.json's <c>logging</c> section; scopes on, so every line carries its function and instance.</summary>
    private static void ConfigureLogging(WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("logging"));
        if (builder.Configuration.GetValue("logging:console:isEnabled", true))
        {
            if (builder.Configuration["logging:console:formatterName"] == "json")
            {
                builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
            }
            else
            {
                builder.Logging.AddSimpleConsole(o => { o.IncludeScopes = true; o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
            }
        }
    }
}
