using System.Text.Json;
using Gtm.Durable.History;
using Gtm.Durable.Serialization;

namespace Gtm.Durable.Tests.Replay;

/// <summary>What replaying a golden history must show.</summary>
public enum GoldenExpectation
{
    /// <summary>Today's code reproduces the history and ends as it recorded.</summary>
    Deterministic,

    /// <summary>Today's code does not reproduce the history: replay must fail.</summary>
    NonDeterministic,
}

/// <summary>
/// A recorded orchestration history kept under Replay/Histories, with what replaying it must show.
/// <see cref="FailureMentions"/> lists what the failure message of a non-deterministic one must name.
/// </summary>
public sealed record GoldenHistory(
    string Orchestrator,
    string InstanceId,
    string Description,
    GoldenExpectation Expected,
    IReadOnlyList<string> FailureMentions,
    IReadOnlyList<HistoryEvent> Events)
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    /// <summary>The folder the build copies the histories to.</summary>
    public static string OutputDirectory => Path.Combine(AppContext.BaseDirectory, "Replay", "Histories");

    public static GoldenHistory Load(string path) =>
        JsonSerializer.Deserialize<GoldenHistory>(File.ReadAllText(path), Options)
        ?? throw new InvalidDataException($"'{path}' holds no history.");

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Options) + "\n");

    private static JsonSerializerOptions CreateOptions()
    {
        JsonSerializerOptions options = DataConverter.CreateOptions();
        options.WriteIndented = true;
        return options;
    }
}
