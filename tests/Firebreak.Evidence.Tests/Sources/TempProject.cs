using System.Diagnostics;
using System.Text;

namespace Firebreak.Evidence.Tests;

/// <summary>A throwaway project directory for one test, deleted on dispose.</summary>
internal sealed class TempProject : IDisposable
{
    public TempProject()
    {
        Root = Path.Combine(Path.GetTempPath(), "fb-evidence-" + Guid.NewGuid().ToString("N")[..12], "shop");
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string Write(string relativePath, string content)
    {
        var full = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content, new UTF8Encoding(false));
        return full;
    }

    public string WriteBytes(string relativePath, byte[] content)
    {
        var full = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        return full;
    }

    /// <summary>Runs git in the project (argument list, no shell) and returns its trimmed output.</summary>
    public string Git(params string[] arguments) => Git(null, arguments);

    public string Git(DateTimeOffset? when, params string[] arguments)
    {
        var info = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Root };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["GIT_AUTHOR_NAME"] = "Dana Wu";
        info.Environment["GIT_AUTHOR_EMAIL"] = "dana@example.invalid";
        info.Environment["GIT_COMMITTER_NAME"] = "Dana Wu";
        info.Environment["GIT_COMMITTER_EMAIL"] = "dana@example.invalid";
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["HOME"] = Root;
        if (when is { } w)
        {
            var iso = w.ToString("yyyy-MM-dd'T'HH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture);
            info.Environment["GIT_AUTHOR_DATE"] = iso;
            info.Environment["GIT_COMMITTER_DATE"] = iso;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {error}");
        }

        return output.Trim();
    }

    /// <summary>Initialises a repository and returns nothing; commits are made with <see cref="Commit"/>.</summary>
    public void InitGit()
    {
        Git("init", "-q", "-b", "main");
        Git("config", "commit.gpgsign", "false");
    }

    /// <summary>Writes the files and commits them at <paramref name="when"/>; returns the full SHA.</summary>
    public string Commit(DateTimeOffset when, string message, params (string Path, string Content)[] files)
    {
        foreach (var (path, content) in files)
        {
            Write(path, content);
        }

        Git("add", "-A");
        Git(when, "commit", "-q", "--allow-empty", "-m", message);
        return Git("rev-parse", "HEAD");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path.GetDirectoryName(Root)!, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
}
