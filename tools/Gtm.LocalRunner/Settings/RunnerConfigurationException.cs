namespace Gtm.LocalRunner.Settings;

/// <summary>A setting the runner cannot use: start-up stops with this message, which names the setting.</summary>
public sealed class RunnerConfigurationException(string message) : Exception(message);
