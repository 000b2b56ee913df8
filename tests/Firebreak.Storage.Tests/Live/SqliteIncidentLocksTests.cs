using Microsoft.Extensions.Time.Testing;

namespace Firebreak.Storage.Tests;

public sealed class SqliteIncidentLocksTests
{
    private static readonly DateTimeOffset T0 = LiveFixture.T0;

    [Fact]
    public async Task TryAcquireAsync_HeldByAnother_NullUntilTheLeaseRunsOut()
    {
        using var temp = new LiveTemp();
        using var first = LiveDatabase.Open(temp.PathOf());
        using var second = LiveDatabase.Open(temp.PathOf());
        var cli = new SqliteIncidentLocks(first);
        var engine = new SqliteIncidentLocks(second);

        var held = (await cli.TryAcquireAsync("INC-1", "cli", T0, TimeSpan.FromMinutes(1)))!;
        (await engine.TryAcquireAsync("INC-1", "engine", T0.AddSeconds(59), TimeSpan.FromMinutes(1))).ShouldBeNull();
        var taken = (await engine.TryAcquireAsync("INC-1", "engine", T0.AddMinutes(1), TimeSpan.FromMinutes(1)))!;

        taken.Version.ShouldBe(held.Version + 1);
        (await cli.IsHeldAsync(held, T0.AddMinutes(1))).ShouldBeFalse();
        (await cli.ReleaseAsync(held)).ShouldBeFalse();
        (await engine.IsHeldAsync(taken, T0.AddMinutes(1))).ShouldBeTrue();
    }

    [Fact]
    public async Task ReleaseAsync_ThenAcquire_Succeeds()
    {
        using var temp = new LiveTemp();
        using var database = LiveDatabase.Open(temp.PathOf());
        var locks = new SqliteIncidentLocks(database);

        var held = (await locks.TryAcquireAsync("INC-1", "cli", T0, TimeSpan.FromMinutes(1)))!;
        (await locks.ReleaseAsync(held)).ShouldBeTrue();

        (await locks.TryAcquireAsync("INC-1", "engine", T0, TimeSpan.FromMinutes(1))).ShouldNotBeNull();
        (await locks.TryAcquireAsync("INC-2", "engine", T0, TimeSpan.FromMinutes(1))).ShouldNotBeNull();
    }

    [Fact]
    public async Task AcquireAsync_FreeLock_ReturnsAtOnce()
    {
        using var temp = new LiveTemp();
        using var database = LiveDatabase.Open(temp.PathOf());

        var held = await new SqliteIncidentLocks(database).AcquireAsync("INC-1", "cli", new FakeTimeProvider(T0), TimeSpan.FromMinutes(1), TimeSpan.Zero);

        held.ShouldNotBeNull();
    }
}
