using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;

namespace Gtm.LocalRunner.Settings;

/// <summary>
/// worker.config.json, which the Functions Sdk writes beside the app's assembly and the Functions
/// host reads to start the worker. The runner runs the app it was built with; a script root (a
/// build folder or a published package) that names a worker assembly must hold that same build,
/// so a stale or foreign package is refused rather than silently run with other code.
/// </summary>
public static class WorkerConfig
{
    public const string FileName = "worker.config.json";

    public static void CheckSameBuild(string scriptRoot, Assembly app)
    {
        string path = Path.Combine(scriptRoot, FileName);
        if (!File.Exists(path))
        {
            return;
        }

        string worker;
        try
        {
            using JsonDocument config = JsonDocument.Parse(File.ReadAllText(path));
            worker = config.RootElement.GetProperty("description").GetProperty("defaultWorkerPath").GetString()
                ?? throw new RunnerConfigurationException($"{path} has a null description.defaultWorkerPath");
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new RunnerConfigurationException($"{path} must name the worker's assembly in description.defaultWorkerPath: {ex.Message}");
        }

        string assembly = Path.Combine(scriptRoot, worker);
        if (!File.Exists(assembly))
        {
            throw new RunnerConfigurationException($"{path} names {worker}, which is not in {scriptRoot}");
        }

        Guid packaged = ModuleVersionId(assembly);
        if (packaged != app.ManifestModule.ModuleVersionId)
        {
            throw new RunnerConfigurationException(
                $"{assembly} is another build of the app than the one this runner runs ({app.Location}): rebuild, or publish again (./gtm publish)");
        }
    }

    private static Guid ModuleVersionId(string assembly)
    {
        using var pe = new PEReader(File.OpenRead(assembly));
        MetadataReader metadata = pe.GetMetadataReader();
        return metadata.GetGuid(metadata.GetModuleDefinition().Mvid);
    }
}
