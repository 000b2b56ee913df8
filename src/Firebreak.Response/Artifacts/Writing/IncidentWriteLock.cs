namespace Firebreak.Response;

/// <summary>How long a writer waits for another run that is writing the same incident's artifacts.</summary>
public sealed record IncidentWriteLockOptions
{
    /// <summary>Tries to take the lock before giving up. The default is 600 (with <see cref="RetryDelay"/>, about 30 seconds).</summary>
    public int Attempts { get; init; } = 600;

    /// <summary>The pause between tries. The default is 50 milliseconds.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The defaults.</summary>
    public static IncidentWriteLockOptions Default { get; } = new();
}

/// <summary>
/// An exclusive lock on an incident folder's artifacts, held by an open <c>write.lock</c> file that no other handle may share
/// (an advisory <c>flock</c> on Unix), so it is released when its holder exits or is killed.
/// </summary>
public sealed class IncidentWriteLock : IDisposable
{
    /// <summary>The lock file's name inside the folder given to <see cref="Acquire"/>.</summary>
    public const string FileName = "write.lock";

    private readonly FileStream _handle;

    private IncidentWriteLock(FileStream handle) => _handle = handle;

    /// <summary>Takes the lock in <paramref name="folder"/> (created private below <paramref name="top"/>), waiting while another run holds it; throws <see cref="IOException"/> when it stays held.</summary>
    public static IncidentWriteLock Acquire(string folder, string top, IncidentWriteLockOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        options ??= IncidentWriteLockOptions.Default;
        PrivateFiles.CreateFolder(top, folder);
        var path = Path.Combine(folder, FileName);
        PrivateFiles.RefuseLinks(top, path);
        var open = PrivateFiles.Exclusive(FileMode.OpenOrCreate, FileAccess.ReadWrite);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return new IncidentWriteLock(new FileStream(path, open));
            }
            catch (IOException) when (attempt < options.Attempts)
            {
                Thread.Sleep(options.RetryDelay);
            }
            catch (IOException e)
            {
                throw new IOException($"another Firebreak run has been writing this incident's artifacts for too long ({path} is locked)", e);
            }
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _handle.Dispose();
}
