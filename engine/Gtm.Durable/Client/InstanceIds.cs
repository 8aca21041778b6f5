namespace Gtm.Durable;

/// <summary>Instance ids become storage keys, so they follow Azure Table key rules.</summary>
public static class InstanceIds
{
    public const int MaxLength = 256;

    public static void Validate(string instanceId)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        string? problem = Problem(instanceId);
        if (problem is not null)
        {
            throw new ArgumentException($"Instance id '{instanceId}' is invalid: {problem}.", nameof(instanceId));
        }
    }

    public static string? Problem(string instanceId)
    {
        if (instanceId.Length == 0 || instanceId.Length > MaxLength)
        {
            return $"it must have 1 to {MaxLength} characters";
        }

        if (instanceId.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c)))
        {
            return "it must not contain '/', '\\', '#', '?' or control characters";
        }

        return null;
    }
}
