using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Gtm.Functions.Tests.Support;

/// <summary>The test functions host (Gtm.Functions.TestHost) as its own OS process, on a free loopback port.</summary>
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

    public static async Task<HostProcess> StartAsync(string contentRoot, bool waitForHealth = true)
    {
        int port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { typeof(TestHost.RecordTimerRun).Assembly.Location, contentRoot, "--urls", $"http://127.0.0.1:{port}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
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
