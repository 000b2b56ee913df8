using Firebreak.Core;
using Firebreak.Storage;

namespace Firebreak.Notify.Tests;

/// <summary>An outbox in a temp incident database, deleted afterwards.</summary>
internal sealed class TempOutbox : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("firebreak-notify-").FullName;

    public TempOutbox()
    {
        Database = LiveDatabase.Open(Path.Combine(_folder, "firebreak.db"));
        Outbox = new SqliteOutbox(Database);
    }

    public LiveDatabase Database { get; }
    public SqliteOutbox Outbox { get; }

    public Task<bool> QueueAsync(string key, string channel, DateTimeOffset now, string audience = Audiences.Management) =>
        Outbox.EnqueueAsync(new OutgoingMessage(key, "INC-7", audience, channel, "[INC-7] P0 checkout down", "Checkout fails for most users; Tier 2 paged."), now);

    public void Dispose()
    {
        Database.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open must not fail the test that owned it.
        }
    }
}
