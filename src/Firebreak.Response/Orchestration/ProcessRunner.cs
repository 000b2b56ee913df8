using System.ComponentModel;
using System.Diagnostics;

namespace Firebreak.Response;

/// <summary>The result of running an external command.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut, string? StartError)
{
    /// <summary>True when the command started, finished in time and exited with 0.</summary>
    public bool Succeeded => StartError is null && !TimedOut && ExitCode == 0;
}

/// <summary>Runs external commands (never through a shell).</summary>
public interface IProcessRunner
{
    /// <summary>Runs <paramref name="arguments"/>[0] with the rest as its argument list, capturing its output.</summary>
    Task<ProcessResult> RunAsync(IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>Runs commands with <see cref="ProcessStartInfo.ArgumentList"/>, a timeout and captured stdout/stderr.</summary>
public sealed class ProcessRunner : IProcessRunner
{
    /// <inheritdoc/>
    public async Task<ProcessResult> RunAsync(IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (arguments.Count == 0)
        {
            return new ProcessResult(-1, string.Empty, string.Empty, false, "empty command");
        }

        var info = new ProcessStartInfo
        {
            // A relative program path ("./ops/rollback.sh") means the project's, not the caller's, directory.
            FileName = arguments[0].Contains('/', StringComparison.Ordinal) && !Path.IsPathRooted(arguments[0])
                ? Path.GetFullPath(Path.Combine(workingDirectory, arguments[0]))
                : arguments[0],
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            return new ProcessResult(-1, string.Empty, string.Empty, false, ex.Message);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            timedOut = true;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return new ProcessResult(
            timedOut ? -1 : process.ExitCode,
            await stdout.ConfigureAwait(false),
            await stderr.ConfigureAwait(false),
            timedOut,
            null);
    }
}
