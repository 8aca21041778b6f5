using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Gtm.LocalRunner.Tests.Support;

/// <summary>
/// A runner as its own OS process on a free loopback port: the test functions' runner
/// (Gtm.LocalRunner.TestHost) or the product's (Gtm.LocalRunner, as <c>./gtm start</c> runs it).
/// </summary>
public sealed class HostProcess : IDisposable
{
    private readonly Process process;
    private readonly List<string> output = [];

    private HostProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
        process.OutputDataReceived += (_, line) => Record(line.Data);
        process.ErrorDataReceived += (_, line) => Record(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    public int Id => process.Id;

    public string Output
    {
        get
        {
            lock (output)
            {
                return string.Join('\n', output);
            }
        }
    }

    /// <summary>The test functions' runner, on the script root given.</summary>
    public static Task<HostProcess> StartAsync(string scriptRoot, bool waitForHealth = true) =>
        StartAsync([typeof(TestHost.TestApp).Assembly.Location, scriptRoot], waitForHealth);

    /// <summary>The product's runner, on the script root given, with app settings as environment variables (as Azure sets them).</summary>
    public static Task<HostProcess> StartProductAsync(string scriptRoot, bool waitForHealth = true, IReadOnlyDictionary<string, string>? environment = null) =>
        StartAsync([typeof(RunnerApplication).Assembly.Location, "--script-root", scriptRoot], waitForHealth, environment);

    private static async Task<HostProcess> StartAsync(string[] arguments, bool waitForHealth, IReadOnlyDictionary<string, string>? environment = null)
    {
        int port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments.Concat(["--urls", $"http://127.0.0.1:{port}"]))
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var host = new HostProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start the host process"), new Uri($"http://127.0.0.1:{port}"));
        if (waitForHealth)
        {
            await host.WaitHealthyAsync();
        }

        return host;
    }

    /// <summary>SIGTERM, as a container orchestrator or systemd stops a process; waits for it to exit.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (Process kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await process.WaitForExitAsync().WaitAsync(timeout);
        return process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown at all, as when a machine loses power.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await process.WaitForExitAsync().WaitAsync(timeout);
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    private async Task WaitHealthyAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            Assert.False(process.HasExited, $"the host exited during start-up:\n{Output}");
            try
            {
                if ((await client.GetAsync(new Uri(Address, "/api/health"))).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, $"the host did not become healthy:\n{Output}");
            await Task.Delay(200);
        }
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.Add(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
