namespace Gtm.Channels.Sandbox;

/// <summary>Where the sandboxes keep their state and how fast their simulated time runs.</summary>
public sealed class SandboxOptions
{
    public string TableName { get; set; } = "SandboxCampaigns";

    /// <summary>Simulated seconds per real second: 3600 makes an hour of campaign pass in a second (demos, scenario runs).</summary>
    public double TimeScale { get; set; } = 1;
}
