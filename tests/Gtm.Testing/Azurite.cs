using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Gtm.Testing;

/// <summary>
/// The storage emulator for integration tests. <c>./gtm test</c> starts one Azurite on free ports and
/// passes its connection string in GTM_TEST_STORAGE; a test run started any other way (an IDE, a
/// plain <c>dotnet test</c>) starts its own from the repository's node_modules and stops it at exit.
/// </summary>
public static class Azurite
{
    public const string ConnectionStringVariable = "GTM_TEST_STORAGE";

    private static readonly Lazy<Task<string>> Connection = new(StartAsync);
    private static readonly List<Process> OwnProcesses = [];

    public static Task<string> GetConnectionStringAsync() => Connection.Value;

    public static string ConnectionString(int blobPort, int queuePort, int tablePort) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";

    private static async Task<string> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } given)
        {
            return given;
        }

        // One process per service, as infra/azurite/azurite.sh runs them.
        string[] services = ["blob", "queue", "table"];
        int[] ports = [FreePort(), FreePort(), FreePort()];
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
        for (int i = 0; i < services.Length; i++)
        {
            (string service, string fixes) = FindAzurite(services[i]);
            var start = new ProcessStartInfo("node")
            {
                ArgumentList =
                {
                    "--require", fixes, service,
                    "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--silent",
                    $"--{services[i]}Port", ports[i].ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            OwnProcesses.Add(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {service}."));
        }

        foreach (int port in ports)
        {
            await WaitForPortAsync(port, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }

        return ConnectionString(ports[0], ports[1], ports[2]);
    }

    private static void Stop()
    {
        foreach (Process process in OwnProcesses)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    }

    /// <summary>The service's entry point, and the fixes infra/azurite/azurite.sh preloads into it (azurite-fixes.js says why).</summary>
    private static (string Service, string Fixes) FindAzurite(string service)
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "node_modules", "azurite", "dist", "src", service, "main.js");
            if (File.Exists(candidate))
            {
                return (candidate, Path.Combine(dir.FullName, "infra", "azurite", "azurite-fixes.js"));
            }
        }

        throw new InvalidOperationException(
            $"Azurite is not installed: run './gtm test' (it installs and starts it), or 'npm ci' at the repository root, or set {ConnectionStringVariable}.");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForPortAsync(int port, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port).ConfigureAwait(false);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
        }
    }
}
