using Firebreak.Core;
using Microsoft.Data.Sqlite;

namespace Firebreak.Storage.Tests;

/// <summary>The analysis stream of the SQLite store: versions appended once, an unchanged digest appended never, older stores upgraded on open.</summary>
public sealed class AnalysisLogTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 19, 0, 0, TimeSpan.Zero);
    private static readonly IncidentId Inc1 = new("INC-1");

    private readonly TempDatabase _temp = new();

    public void Dispose() => _temp.Dispose();

    private static AnalysisVersion Version(int version, string digest, string reason = "first analysis", int schema = 1) =>
        new(version, schema, T0.AddMinutes(version), digest, reason, "{\"schema_version\":1,\"dossier\":{\"n\":" + version.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}}");

    [Fact]
    public async Task AppendAnalysis_NewVersions_ReadBackInOrderWithTheLatest()
    {
        await using var store = SqliteIncidentStore.Open(_temp.PathOf());

        (await store.AppendAnalysisAsync(Inc1, Version(1, "aa"))).ShouldBeTrue();
        (await store.AppendAnalysisAsync(Inc1, Version(2, "bb", "changed: triage"))).ShouldBeTrue();

        var all = await store.AnalysesAsync(Inc1);
        all.Select(a => a.Version).ShouldBe([1, 2]);
        all[1].ShouldBe(Version(2, "bb", "changed: triage"));
        (await store.LatestAnalysisAsync(Inc1))!.Digest.ShouldBe("bb");
        (await store.LatestAnalysisAsync(new IncidentId("INC-2"))).ShouldBeNull();
    }

    [Fact]
    public async Task AppendAnalysis_SameDigestAsLatest_AppendsNothing()
    {
        await using var store = SqliteIncidentStore.Open(_temp.PathOf());
        await store.AppendAnalysisAsync(Inc1, Version(1, "aa"));

        (await store.AppendAnalysisAsync(Inc1, Version(2, "aa"))).ShouldBeFalse();

        (await store.AnalysesAsync(Inc1)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task AppendAnalysis_SameDigestInAnotherSchema_Appended()
    {
        await using var store = SqliteIncidentStore.Open(_temp.PathOf());
        await store.AppendAnalysisAsync(Inc1, Version(1, "aa", schema: 2));

        (await store.AppendAnalysisAsync(Inc1, Version(2, "aa", "schema 2 -> 1"))).ShouldBeTrue();
    }

    [Fact]
    public async Task AppendAnalysis_VersionTakenByAnotherRun_AppendsNothing()
    {
        await using var store = SqliteIncidentStore.Open(_temp.PathOf());
        await using var other = SqliteIncidentStore.Open(_temp.PathOf());
        await other.AppendAnalysisAsync(Inc1, Version(1, "aa"));

        (await store.AppendAnalysisAsync(Inc1, Version(1, "bb"))).ShouldBeFalse();

        (await store.LatestAnalysisAsync(Inc1))!.Digest.ShouldBe("aa");
    }

    [Fact]
    public async Task Open_StoreWrittenBeforeAnalyses_GainsAnEmptyStream()
    {
        var path = _temp.PathOf();
        await using (var store = SqliteIncidentStore.Open(path))
        {
            await store.AppendAsync(Inc1, [new IncidentDetected(T0, "test", Inc1.Value, "Alertmanager", "alert", "checkout fails", Priority.P1, "alerts/a.json")]);
        }

        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE analysis_events;";
            await drop.ExecuteNonQueryAsync();
        }

        await using var reopened = SqliteIncidentStore.Open(path);

        (await reopened.LatestAnalysisAsync(Inc1)).ShouldBeNull();
        (await reopened.LoadAsync(Inc1)).Count.ShouldBe(1);
        (await reopened.AppendAnalysisAsync(Inc1, Version(1, "aa"))).ShouldBeTrue();
    }

    [Fact]
    public void AnalysisVersion_InvalidValues_Refused()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new AnalysisVersion(0, 1, T0, "aa", "first", "{}"));
        Should.Throw<ArgumentOutOfRangeException>(() => new AnalysisVersion(1, 0, T0, "aa", "first", "{}"));
        Should.Throw<ArgumentException>(() => new AnalysisVersion(1, 1, T0, " ", "first", "{}"));
        Should.Throw<ArgumentException>(() => new AnalysisVersion(1, 1, T0, "aa", "", "{}"));
    }
}
