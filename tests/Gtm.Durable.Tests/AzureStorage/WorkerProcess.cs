using System.Diagnostics;
using Gtm.Durable.TestWorker;

namespace Gtm.Durable.Tests.AzureStorage;

/// <summary>A worker in its own OS process (the TestWorker program), to be killed with SIGKILL.</summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process process;
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource crashed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkerProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data == "worker started")
            {
                started.TrySetResult();
            }
            else if (line.Data == "crashing after commit")
            {
                crashed.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public bool HasExited => process.HasExited;

    /// <summary>Completes when the worker announces it kills itself after a commit.</summary>
    public Task Crashed => crashed.Task;

    public static async Task<WorkerProcess> StartAsync(string connectionString, string hubName, bool crashAfterCommit = false)
    {
        string dll = typeof(CrashChain).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                dll,
                "--AzureWebJobsStorage", connectionString,
                "--extensions:durableTask:hubName", hubName,
                "--extensions:durableTask:storageProvider:controlQueueVisibilityTimeout", "00:00:10",
                "--extensions:durableTask:storageProvider:workItemQueueVisibilityTimeout", "00:00:10",
                "--extensions:durableTask:storageProvider:maxQueuePollingInterval", "00:00:00.500",
                "--crashAfterCommit", crashAfterCommit ? "true" : "false",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var worker = new WorkerProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start the worker process"));
        await worker.started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return worker;
    }

    /// <summary>SIGKILL: no shutdown, no cleanup, exactly like a machine losing power.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            Kill();
        }

        process.Dispose();
    }
}
