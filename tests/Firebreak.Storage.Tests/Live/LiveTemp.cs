namespace Firebreak.Storage.Tests;

/// <summary>A temp folder for one live test's database, deleted afterwards; unlike <see cref="TempDatabase"/> it leaves other tests' connection pools alone.</summary>
internal sealed class LiveTemp : IDisposable
{
    public LiveTemp()
    {
        Folder = Path.Combine(Path.GetTempPath(), "firebreak-live-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public string PathOf(string name = "firebreak.db") => Path.Combine(Folder, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open must not fail the test that owned it.
        }
    }
}
