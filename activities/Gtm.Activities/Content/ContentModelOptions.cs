namespace Gtm.Activities.Content;

/// <summary>
/// App settings <c>Gtm:ContentModel</c>: the OpenAI-compatible endpoint that writes campaign copy.
/// Off while <see cref="Endpoint"/> is empty: the rule-based generator writes it then.
/// </summary>
public sealed class ContentModelOptions
{
    public const string Section = "Gtm:ContentModel";

    /// <summary>The API's base address, with its version path (<c>http://127.0.0.1:5000/v1</c>); empty: off.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The model name the endpoint knows; required when <see cref="Endpoint"/> is set.</summary>
    public string? Model { get; set; }

    /// <summary>The bearer token, if the endpoint wants one; from app settings or the environment, never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long one generation may take before the rule-based copy is used instead.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Sampling temperature (0 to 2); the endpoint's default when unset.</summary>
    public double? Temperature { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Endpoint);

    /// <summary>Every invalid setting, each by its app-setting name; none while off.</summary>
    public IReadOnlyList<string> Validate()
    {
        if (!Enabled)
        {
            return [];
        }

        var problems = new List<string>();
        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out Uri? endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"App setting '{Section}:Endpoint' must be an absolute http or https address of an OpenAI-compatible API (such as http://127.0.0.1:5000/v1), not '{Endpoint}'");
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            problems.Add($"App setting '{Section}:Model' is required when '{Section}:Endpoint' is set");
        }

        if (TimeoutSeconds is < 1 or > 600)
        {
            problems.Add($"App setting '{Section}:TimeoutSeconds' must be 1 to 600, not {TimeoutSeconds}");
        }

        if (Temperature is < 0 or > 2 or double.NaN)
        {
            problems.Add($"App setting '{Section}:Temperature' must be 0 to 2, not {Temperature}");
        }

        return problems;
    }
}
