using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Firebreak.Evidence;

/// <summary>How a command ended, what it printed (capped), and which binary ran.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut, string? StartError)
{
    /// <summary>True when the command started, finished in time and exited with 0.</summary>
    public bool Succeeded => StartError is null && !TimedOut && ExitCode == 0;

    /// <summary>The absolute path of the binary that ran (bare names are resolved on PATH only); null when none was found.</summary>
    public string? ResolvedPath { get; init; }

    /// <summary>True when output was cut to its head and tail (<see cref="ProcessRunnerOptions"/>).</summary>
    public bool OutputTruncated { get; init; }
}

/// <summary>Runs external commands (never through a shell).</summary>
public interface IProcessRunner
{
    /// <summary>Runs <paramref name="arguments"/>[0] with the rest as its argument list, capturing its output; the timeout bounds the whole run.</summary>
    Task<ProcessResult> RunAsync(IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>Limits of <see cref="ProcessRunner"/>.</summary>
/// <param name="HeadChars">Characters kept from the start of each output stream (default 64 Ki).</param>
/// <param name="TailChars">Characters kept from the end of each output stream (default 64 Ki).</param>
/// <param name="KillGrace">How long to wait for the pipes to close after the process group is killed (default 5 s).</param>
public sealed record ProcessRunnerOptions(int HeadChars = 64 * 1024, int TailChars = 64 * 1024, TimeSpan? KillGrace = null)
{
    /// <summary>The defaults.</summary>
    public static ProcessRunnerOptions Default { get; } = new();

    /// <summary>The grace period after a kill.</summary>
    public TimeSpan Grace => KillGrace ?? TimeSpan.FromSeconds(5);
}

/// <summary>
/// The one process runner: an argument array (never a shell); a bare program name is looked up on PATH only (never the
/// current or project directory) and the resolved binary is reported; a relative path ("./ops/rollback.sh") means the
/// working directory's. The timeout bounds the whole run, output reads included: on timeout or cancellation (Ctrl-C)
/// the command's whole process group is killed, background children too. Output is capped to its head and tail.
/// </summary>
public sealed class ProcessRunner(ProcessRunnerOptions? options = null, TimeProvider? time = null) : IProcessRunner
{
    private const string SetSid = "/usr/bin/setsid";
    private readonly ProcessRunnerOptions _options = options ?? ProcessRunnerOptions.Default;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Extra environment variables for the command.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The runner the evidence readers use for git: no prompts, C locale, a 64 Mi-character output cap (git log is parsed whole).</summary>
    public static ProcessRunner Git { get; } = new(new ProcessRunnerOptions(HeadChars: 64 * 1024 * 1024, TailChars: 0))
    {
        Environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["GIT_TERMINAL_PROMPT"] = "0", ["LC_ALL"] = "C" },
    };

    /// <summary>The absolute path <paramref name="program"/> runs as: a path relative to <paramref name="workingDirectory"/>, or a bare name found on PATH; null when not found.</summary>
    public static string? Resolve(string program, string workingDirectory, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(program);
        if (program.Length == 0)
        {
            return null;
        }

        if (Path.IsPathRooted(program))
        {
            return File.Exists(program) ? program : null;
        }

        if (program.Contains('/', StringComparison.Ordinal) || program.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            var relative = Path.GetFullPath(Path.Combine(workingDirectory, program));
            return File.Exists(relative) ? relative : null;
        }

        // Only absolute PATH entries: an empty or relative entry would mean the current directory.
        foreach (var entry in (path ?? System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            if (entry.Length == 0 || !Path.IsPathRooted(entry))
            {
                continue;
            }

            var candidate = Path.Combine(entry, program);
            if (File.Exists(candidate) && IsExecutable(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <inheritdoc/>
    public async Task<ProcessResult> RunAsync(IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (arguments.Count == 0 || string.IsNullOrEmpty(arguments[0]))
        {
            return new ProcessResult(-1, string.Empty, string.Empty, false, "empty command");
        }

        var resolved = Resolve(arguments[0], workingDirectory);
        if (resolved is null)
        {
            var where = arguments[0].Contains('/', StringComparison.Ordinal) ? $"'{arguments[0]}' does not exist" : $"'{arguments[0]}' was not found on PATH (the current directory is never searched)";
            return new ProcessResult(-1, string.Empty, string.Empty, false, where);
        }

        // In its own session (setsid) the command leads a process group that can be killed as a whole.
        var grouped = OperatingSystem.IsLinux() && File.Exists(SetSid);
        var info = new ProcessStartInfo(grouped ? SetSid : resolved)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (grouped)
        {
            info.ArgumentList.Add(resolved);
        }

        foreach (var argument in arguments.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in Environment)
        {
            info.Environment[key] = value;
        }

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            return new ProcessResult(-1, string.Empty, string.Empty, false, ex.Message) { ResolvedPath = resolved };
        }

        process.StandardInput.Close();
        var stdout = new HeadTail(_options.HeadChars, _options.TailChars);
        var stderr = new HeadTail(_options.HeadChars, _options.TailChars);
        var reads = Task.WhenAll(
            DrainAsync(process.StandardOutput, stdout),
            DrainAsync(process.StandardError, stderr));
        var finished = Task.WhenAll(process.WaitForExitAsync(CancellationToken.None), reads);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await finished.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            timedOut = !cancellationToken.IsCancellationRequested;
            await KillGroupAsync(process, grouped).ConfigureAwait(false);
            try
            {
                await finished.WaitAsync(_options.Grace, _time, CancellationToken.None).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // A descendant escaped the group and holds a pipe open: give up on the rest of its output.
            }

            // Ctrl-C: the command is stopped too, then the cancellation goes on.
            cancellationToken.ThrowIfCancellationRequested();
        }

        var exit = process.HasExited && !timedOut ? process.ExitCode : -1;
        return new ProcessResult(exit, stdout.Text, stderr.Text, timedOut, null)
        {
            ResolvedPath = resolved,
            OutputTruncated = stdout.Truncated || stderr.Truncated,
        };
    }

    private static async Task DrainAsync(StreamReader reader, HeadTail sink)
    {
        var buffer = new char[8192];
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false)) > 0)
        {
            sink.Append(buffer.AsSpan(0, read));
        }
    }

    private static async Task KillGroupAsync(Process process, bool grouped)
    {
        if (grouped)
        {
            // kill -KILL -- -<pgid>: the command and every process it started in its group, background ones included.
            using var kill = new Process
            {
                StartInfo = new ProcessStartInfo(Resolve("kill", "/") ?? "/bin/kill") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true },
            };
            kill.StartInfo.ArgumentList.Add("-KILL");
            kill.StartInfo.ArgumentList.Add("--");
            kill.StartInfo.ArgumentList.Add($"-{process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            try
            {
                kill.Start();
                await kill.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Win32Exception)
            {
                // Fall back to the tree below.
            }
        }

        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private static bool IsExecutable(string path) =>
        OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    /// <summary>Keeps the first and last characters of a stream and counts what was dropped between them.</summary>
    private sealed class HeadTail(int headChars, int tailChars)
    {
        private readonly StringBuilder _head = new();
        private readonly char[] _tail = new char[Math.Max(1, tailChars)];
        private long _tailCount;
        private long _total;

        public bool Truncated => _total > headChars + tailChars;

        public void Append(ReadOnlySpan<char> chunk)
        {
            foreach (var c in chunk)
            {
                _total++;
                if (_head.Length < headChars)
                {
                    _head.Append(c);
                    continue;
                }

                _tail[_tailCount % _tail.Length] = c;
                _tailCount++;
            }
        }

        public string Text
        {
            get
            {
                var kept = (int)Math.Min(_tailCount, tailChars);
                var tail = new StringBuilder(kept);
                for (var i = _tailCount - kept; i < _tailCount; i++)
                {
                    tail.Append(_tail[i % _tail.Length]);
                }

                if (!Truncated)
                {
                    return _head.Append(tail).ToString();
                }

                var dropped = _total - headChars - kept;
                return $"{_head}\n[... {dropped.ToString(System.Globalization.CultureInfo.InvariantCulture)} characters truncated ...]\n{tail}";
            }
        }
    }
}
