using System.Globalization;

namespace Firebreak.Evidence.Tests;

public sealed class LogAnalyzerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 18, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Deploy = Start.AddMinutes(60);

    [Fact]
    public void Analyze_ErrorAfterDeploy_IsNewAndRankedFirstWithCitations()
    {
        using var dir = new TempLogDirectory();
        var file = dir.Write("logs/app.log", Incident());

        var analysis = new LogAnalyzer().Analyze(dir.Path, [file], Deploy);

        var top = analysis.Templates[0];
        top.Template.ShouldBe("payment failed for order <*>: upstream timeout after <*>");
        top.IsNew.ShouldBeTrue();
        top.Level.ShouldBe("ERROR");
        top.Component.ShouldBe("checkout-api");
        top.FirstSeen.ShouldBe(Deploy.AddSeconds(47));
        top.Onset.ShouldNotBeNull();
        top.Examples.Count.ShouldBe(3);
        top.Examples[0].File.ShouldBe("logs/app.log");
        top.Examples[0].Line.ShouldNotBeNull();
        File.ReadAllLines(Path.Combine(dir.Path, file))[top.Examples[0].Line!.Value - 1].ShouldContain("payment failed");
        top.ExampleText.ShouldNotBeNull();
        top.ExampleText.ShouldContain("payment failed for order");
        top.RateBefore.ShouldBe(0);
        top.RateAfter.ShouldBeGreaterThan(1);
    }

    [Fact]
    public void Analyze_Until_LeavesOutLaterRecordsAndTheirStackLines()
    {
        using var dir = new TempLogDirectory();
        var file = dir.Write("logs/app.log", Incident());

        var analysis = new LogAnalyzer().Analyze(dir.Path, [file], Deploy, until: Deploy.AddSeconds(30));

        analysis.Templates.ShouldNotContain(t => t.Template.StartsWith("payment failed", StringComparison.Ordinal));
        analysis.Templates.ShouldAllBe(t => t.LastSeen == null || t.LastSeen <= Deploy.AddSeconds(30));
        analysis.RecordsAfterUntil.ShouldBeGreaterThan(0);
        (analysis.RecordsRead + analysis.RecordsAfterUntil).ShouldBe(new LogAnalyzer().Analyze(dir.Path, [file], Deploy).RecordsRead);
    }

    [Fact]
    public void Analyze_SteadyWarning_IsNeitherNewNorSurging()
    {
        using var dir = new TempLogDirectory();
        var file = dir.Write("app.log", Incident());

        var analysis = new LogAnalyzer().Analyze(dir.Path, [file], Deploy);

        var noise = analysis.Templates.Single(t => t.Template.StartsWith("cache hit ratio low", StringComparison.Ordinal));
        noise.IsNew.ShouldBeFalse();
        noise.IsSurging.ShouldBeFalse();
        noise.Onset.ShouldBeNull();
        noise.Level.ShouldBe("WARN");
    }

    [Fact]
    public void Analyze_RateJump_IsSurging()
    {
        using var dir = new TempLogDirectory();
        var file = dir.Write("app.log", Incident());

        var analysis = new LogAnalyzer().Analyze(dir.Path, [file], Deploy);

        var retry = analysis.Templates.Single(t => t.Template.StartsWith("retrying connection", StringComparison.Ordinal));
        retry.IsSurging.ShouldBeTrue();
        retry.IsNew.ShouldBeFalse();
        retry.RateAfter.ShouldBeGreaterThan(retry.RateBefore * 3);
    }

    [Fact]
    public void Analyze_FailingRequests_GetTheirOwnNewTemplate()
    {
        using var dir = new TempLogDirectory();
        var lines = new List<string>();
        for (var s = 0; s < 90 * 60; s += 10)
        {
            var t = Start.AddSeconds(s);
            var status = t > Deploy && s % 20 == 0 ? 500 : 200;
            lines.Add($"{Stamp(t)} INFO  [checkout-api] POST /api/checkout/{s} {status} {(s % 900) + 10}ms");
        }

        var file = dir.Write("app.log", lines);

        var analysis = new LogAnalyzer().Analyze(dir.Path, [file], Deploy);

        var failing = analysis.Templates.Single(t => t.Template == "POST <*> 5xx <*>");
        failing.IsNew.ShouldBeTrue();
        analysis.Templates.Single(t => t.Template == "POST <*> 2xx <*>").IsNew.ShouldBeFalse();
        analysis.Templates[0].ShouldBe(failing);
    }

    [Fact]
    public void Analyze_StackTrace_FoldsIntoRecordWithSignature()
    {
        using var dir = new TempLogDirectory();
        var file = dir.Write("app.log",
        [
            "2026-11-25T19:00:00Z INFO [api] started",
            "2026-11-25T19:01:00Z ERROR [api] unhandled exception in request 7",
            "java.lang.NullPointerException: cart was null",
            "\tat com.shop.Cart.total(Cart.java:42)",
            "\tat com.shop.Checkout.pay(Checkout.java:17)",
            "\tat com.shop.Api.handle(Api.java:99)",
            "\tat com.shop.Server.run(Server.java:5)",
            "2026-11-25T19:02:00Z INFO [api] stopped",
        ]);

        var analysis = new LogAnalyzer().Analyze(dir.Path, [file], null);

        analysis.LinesRead.ShouldBe(8);
        analysis.RecordsRead.ShouldBe(3);
        var error = analysis.Templates.Single(t => t.Template.StartsWith("unhandled exception", StringComparison.Ordinal));
        error.Stack.ShouldNotBeNull();
        error.Stack.ExceptionType.ShouldBe("java.lang.NullPointerException");
        error.Stack.TopFrames.ShouldBe(["com.shop.Cart.total", "com.shop.Checkout.pay", "com.shop.Api.handle"]);
    }

    [Fact]
    public void Analyze_PythonTraceback_TakesLastExceptionAndInnermostFrames()
    {
        using var dir = new TempLogDirectory();
        var file = dir.Write("worker.log",
        [
            "2026-11-25 19:01:00,120 ERROR job failed",
            "Traceback (most recent call last):",
            "  File \"/app/worker.py\", line 10, in run",
            "    process(job)",
            "  File \"/app/jobs.py\", line 22, in process",
            "    price = prices[sku]",
            "KeyError: 'sku-9'",
        ]);

        var analysis = new LogAnalyzer().Analyze(dir.Path, [file], null);

        var stack = analysis.Templates.Single().Stack;
        stack.ShouldNotBeNull();
        stack.ExceptionType.ShouldBe("KeyError");
        stack.TopFrames.ShouldBe(["worker.py:run", "jobs.py:process"]);
    }

    [Fact]
    public void Analyze_GarbageLines_AreSkippedAndCounted()
    {
        using var dir = new TempLogDirectory();
        var text = "2026-11-25T19:00:00Z INFO [api] started\n"u8.ToArray()
            .Concat(new byte[] { 0, 1, 2, 3, 0xFF, 0xFE, 0, 7, (byte)'\n' })
            .Concat("2026-11-25T19:00:01Z INFO [api] bad byte \xC3( here\n"u8.ToArray())
            .Concat(System.Text.Encoding.ASCII.GetBytes("2026-11-25T19:00:02Z INFO [api] " + new string('y', 2_000_000) + "\n"))
            .Concat("2026-11-25T19:00:03Z INFO [api] stopped\n"u8.ToArray())
            .ToArray();
        var file = dir.WriteBytes("app.log", text);

        var analysis = new LogAnalyzer().Analyze(dir.Path, [file], null);

        analysis.LinesRead.ShouldBe(5);
        analysis.LinesSkipped.ShouldBe(1);
        analysis.RecordsRead.ShouldBe(4);
    }

    [Fact]
    public void Analyze_NoTimestamps_EachLineIsARecord()
    {
        using var dir = new TempLogDirectory();
        var file = dir.Write("plain.log", ["worker 1 started", "worker 2 started", "worker 3 crashed"]);

        var analysis = new LogAnalyzer().Analyze(dir.Path, [file], Deploy);

        analysis.RecordsRead.ShouldBe(3);
        analysis.Templates.Single(t => t.Template == "worker <*> started").Count.ShouldBe(2);
        analysis.Templates.ShouldAllBe(t => t.FirstSeen == null && !t.IsNew && !t.IsSurging);
    }

    [Fact]
    public void Analyze_MissingFile_IsLeftOut()
    {
        using var dir = new TempLogDirectory();
        var file = dir.Write("a.log", ["2026-11-25T19:00:00Z INFO hello 1"]);

        var analysis = new LogAnalyzer().Analyze(dir.Path, [file, "missing.log"], null);

        analysis.Files.ShouldBe([file]);
        analysis.Templates.Count.ShouldBe(1);
    }

    private static IEnumerable<string> Incident()
    {
        for (var s = 0; s < 90 * 60; s += 15)
        {
            var t = Start.AddSeconds(s);
            yield return $"{Stamp(t)} WARN [cache] cache hit ratio low: {(s % 7) + 40}%";
            if (s % 300 == 0 || (t > Deploy && s % 30 == 0))
            {
                yield return $"{Stamp(t.AddSeconds(1))} INFO [checkout-api] retrying connection to db-{s % 3} attempt {s % 5}";
            }

            if (t >= Deploy.AddSeconds(40))
            {
                yield return $"{Stamp(t.AddSeconds(2))} ERROR [checkout-api] payment failed for order {s}: upstream timeout after 3000ms";
            }
        }
    }

    private static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
