namespace Gtm.Infrastructure.Tests;

/// <summary>Paths in the repository the tests read: the templates, the app's settings and sources.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Infra => Path.Combine(Root, "infra", "azure");

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GtmFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No GtmFunctions.sln above {AppContext.BaseDirectory}.");
    }
}
