using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Firebreak.Cli.Tests;

/// <summary>due, tick and watch through the real command line: each line says what, when and why; one broken incident never
/// stops the others; a real watch process stops cleanly on SIGTERM.</summary>
public sealed class EngineCommandTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Due_AfterRespond_EachLineSaysWhenAndWhy()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var cli = new Cli(Now);
        (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0, cli.Error.ToString());

        var due = new Cli(Now.AddHours(3));
        (await due.RunAsync(kit.Path, "due", "--project", kit.Path)).ShouldBe(0, due.Error.ToString());

        var lines = due.Console.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines[0].ShouldStartWith("as of 2026-11-25T23:00:00Z: ");
        var items = lines.Skip(1).ToList();
        items.ShouldNotBeEmpty();
        items.ShouldAllBe(l => l.StartsWith("INC-42", StringComparison.Ordinal) && l.Contains("): ", StringComparison.Ordinal));
        items.ShouldContain(l => l.Contains("DUE NOW", StringComparison.Ordinal) && l.Contains("sla:resolve:breach", StringComparison.Ordinal) && l.Contains("SLA of", StringComparison.Ordinal));
        items.ShouldNotContain(l => l.Contains("unknown (", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Due_AtAPastMoment_ListsThatMomentsPlanAndWritesNothing()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var cli = new Cli(Now);
        (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0, cli.Error.ToString());
        cli.Time.Advance(TimeSpan.FromMinutes(5));
        (await cli.RunAsync(kit.Path, "ack", "INC-42", "--as", "Alex Kim", "--project", kit.Path)).ShouldBe(0, cli.Error.ToString());
        var db = Path.Combine(kit.Path, ".aiwg", "incidents", "firebreak.db");
        var before = await WorkAsync(db);

        var due = new Cli(Now.AddHours(1));
        (await due.RunAsync(kit.Path, "due", "--at", "2026-11-25T20:01:00Z", "--project", kit.Path)).ShouldBe(0, due.Error.ToString());

        due.Console.Output.ShouldStartWith("as of 2026-11-25T20:01:00Z: ");
        (await WorkAsync(db)).ShouldBe(before);
    }

    private static async Task<string> WorkAsync(string path)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(key || '=' || state || '@' || due_at, ';') FROM (SELECT * FROM scheduled_work ORDER BY incident_id, key)";
        return (await command.ExecuteScalarAsync()) as string ?? string.Empty;
    }

    [Fact]
    public async Task Tick_OneIncidentsEventsUnreadable_TheOtherIsPerformedAndTheBrokenOneIsNamedOnStderr()
    {
        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var cli = new Cli(Now);
        (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0, cli.Error.ToString());
        (await cli.RunAsync(kit.Path, "respond", "INC-43", kit.Path)).ShouldBe(0, cli.Error.ToString());
        await CorruptAsync(Path.Combine(kit.Path, ".aiwg", "incidents", "firebreak.db"), "INC-43");

        var tick = new Cli(Now.AddHours(3));
        var code = await tick.RunAsync(kit.Path, "tick", "--project", kit.Path);

        code.ShouldBe(0, tick.Error.ToString());
        tick.Console.Output.ShouldContain("  performed INC-42/");
        tick.Console.Output.ShouldNotContain("performed INC-43/");
        tick.ErrorLines.ShouldContain(l => l.StartsWith("INC-43: cannot be planned: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Watch_SigtermAfterItsFirstTick_StopsCleanlyWithExitZero()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        using var kit = KitBuilder.CheckoutRegression(Now).Build();
        var cli = new Cli(Now);
        (await cli.RunAsync(kit.Path, "respond", "INC-42", kit.Path)).ShouldBe(0, cli.Error.ToString());

        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = kit.Path, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add(typeof(RespondCommand).Assembly.Location);
        info.ArgumentList.Add("watch");
        info.ArgumentList.Add("--project");
        info.ArgumentList.Add(kit.Path);
        info.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var seen = new List<string>();
        try
        {
            // Given a watch that has reported its first tick
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                seen.Add(line);
                if (line.Contains(" tick: ", StringComparison.Ordinal))
                {
                    break;
                }
            }

            seen.ShouldContain(l => l.Contains(" tick: ", StringComparison.Ordinal), "the watch ended before its first tick");

            // When a service manager stops it
            Kill(process.Id, Sigterm).ShouldBe(0);
            var rest = await process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);

            // Then it says so and exits 0, with nothing on stderr
            process.ExitCode.ShouldBe(0, await stderr);
            rest.ShouldContain("watch stopped");
            (await stderr).ShouldBeEmpty();
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private const int Sigterm = 15;

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe blocks in the test project for one call
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054

    private static async Task CorruptAsync(string path, string incidentId)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE events SET payload = '{not json' WHERE incident_id = $id";
        command.Parameters.AddWithValue("$id", incidentId);
        (await command.ExecuteNonQueryAsync()).ShouldBeGreaterThan(0);
    }
}
