using Microsoft.Extensions.Options;

namespace Gtm.Channels.Live.Configuration;

/// <summary>Fails start-up (with ValidateOnStart) on a live platform's missing or malformed settings, naming each by its full path.</summary>
internal sealed class LiveChannelOptionsValidator<TOptions>(ChannelPlatform platform) : IValidateOptions<TOptions>
    where TOptions : LiveChannelOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        if (options.Mode != ChannelMode.Live)
        {
            return ValidateOptionsResult.Skip;
        }

        string[] failures = [.. options.Problems().Select(p => $"App setting '{platform.Setting(p.Name)}' {p.Problem}.")];
        return failures.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
