using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Gtm.Functions.Handoffs.ServiceBus;

/// <summary>Stops start-up (with ValidateOnStart) on every invalid Service Bus setting at once, each by its app-setting name.</summary>
public sealed class ServiceBusOptionsValidator(IConfiguration configuration) : IValidateOptions<ServiceBusOptions>
{
    public ValidateOptionsResult Validate(string? name, ServiceBusOptions options)
    {
        List<string> problems = [.. Problems(options)];
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>The transport the setting names; StorageQueues when unset, null when it names neither.</summary>
    public static HandoffTransport? Stage18Transport(IConfiguration configuration) => configuration[ServiceBusOptions.Stage18TransportSetting] switch
    {
        null or "" => HandoffTransport.StorageQueues,
        var value when Enum.TryParse(value, ignoreCase: true, out HandoffTransport transport) && Enum.IsDefined(transport) && !char.IsAsciiDigit(value[0]) => transport,
        _ => null,
    };

    private IEnumerable<string> Problems(ServiceBusOptions options)
    {
        const string Section = ServiceBusOptions.Section;
        HandoffTransport? transport = Stage18Transport(configuration);
        if (transport is null)
        {
            yield return $"App setting '{ServiceBusOptions.Stage18TransportSetting}' must be StorageQueues or ServiceBus, not '{configuration[ServiceBusOptions.Stage18TransportSetting]}'";
        }

        bool forwards = transport == HandoffTransport.ServiceBus;
        bool reads = !string.IsNullOrWhiteSpace(options.Stage16Queue);
        if (forwards && string.IsNullOrWhiteSpace(options.Stage18Entity))
        {
            yield return $"App setting '{Section}:Stage18Entity' is required when '{ServiceBusOptions.Stage18TransportSetting}' is ServiceBus: the queue or topic Stage 18 reads";
        }

        foreach ((string setting, string? entity) in new[] { ("Stage18Entity", forwards ? options.Stage18Entity : null), ("Stage16Queue", options.Stage16Queue) })
        {
            if (!string.IsNullOrWhiteSpace(entity) && !IsEntityName(entity))
            {
                yield return $"App setting '{Section}:{setting}' must be a Service Bus entity name (1 to 260 letters, digits, '.', '-', '_' or '/', starting and ending with a letter or digit), not '{entity}'";
            }
        }

        if (!forwards && !reads)
        {
            yield break;
        }

        foreach (string problem in ServiceBusConnectionSetting.Read(configuration, options.Connection).Problems())
        {
            yield return problem;
        }

        if (options.MaxConcurrentCalls is < 1 or > 100)
        {
            yield return $"App setting '{Section}:MaxConcurrentCalls' must be 1 to 100, not {options.MaxConcurrentCalls}";
        }

        if (options.MaxRetries is < 0 or > 20)
        {
            yield return $"App setting '{Section}:MaxRetries' must be 0 to 20, not {options.MaxRetries}";
        }

        if (options.RetryDelay <= TimeSpan.Zero || options.MaxRetryDelay < options.RetryDelay)
        {
            yield return $"App settings '{Section}:RetryDelay' and '{Section}:MaxRetryDelay' must be above zero, the maximum at least the first ({options.RetryDelay} and {options.MaxRetryDelay})";
        }

        if (options.TryTimeout <= TimeSpan.Zero)
        {
            yield return $"App setting '{Section}:TryTimeout' must be above zero, not {options.TryTimeout}";
        }
    }

    private static bool IsEntityName(string name) =>
        name.Length <= 260 && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '/');
}
