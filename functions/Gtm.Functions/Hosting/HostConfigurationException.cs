namespace Gtm.Functions.Hosting;

/// <summary>A setting in host.json, local.settings.json or the environment that stops the host from starting.</summary>
public sealed class HostConfigurationException(string message) : Exception(message);
