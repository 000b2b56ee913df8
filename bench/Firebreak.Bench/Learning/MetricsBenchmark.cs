using System.Diagnostics;
using System.Globalization;
using Firebreak.Core;
using Firebreak.Evidence;
using Firebreak.Response;
using Firebreak.Storage;

namespace Firebreak.Bench;

/// <summary>Builds a store of N incidents (issue 10: 10,000) with the events a real record holds, then times firebreak metrics over it.</summary>
internal static class MetricsBenchmark
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>metrics [incidents] [--keep dir]: builds the store, then runs the metrics handler and its text output three times.</summary>
    public static int Run(string[] args)
    {
        var count = 10_000;
        string? keep = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--keep" && i + 1 < args.Length)
            {
                keep = args[++i];
            }
            else
            {
                count = int.Parse(args[i], CultureInfo.InvariantCulture);
            }
        }

        var root = keep ?? Directory.CreateTempSubdirectory("fb-bench-metrics-").FullName;
        Directory.CreateDirectory(root);
        try
        {
            var storePath = FlowRequest.StorePath(root);
            var build = Stopwatch.StartNew();
            var events = Build(storePath, count).GetAwaiter().GetResult();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"built {count} incidents ({events} events, {new FileInfo(storePath).Length / (1024.0 * 1024):F0} MB) in {build.Elapsed.TotalSeconds:F1} s at {root}"));

            var config = ProjectConfigLoader.Load(root);
            var now = Start.AddDays(200);
            var services = new LiveServices(config, new FixedClock(now), SqliteIncidentStore.Open);
            Console.WriteLine("run,incidents,seconds,cpu_seconds,read_seconds,compute_seconds");
            using var process = Process.GetCurrentProcess();
            for (var run = 1; run <= 3; run++)
            {
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                var report = new MetricsHandler(services).HandleAsync(new MetricsQuery(null, null), CancellationToken.None).GetAwaiter().GetResult();
                var text = MetricsOutput.Text(report);
                watch.Stop();
                process.Refresh();
                var cpuUsed = process.TotalProcessorTime - cpu;
                var split = Stopwatch.StartNew();
                IReadOnlyList<(string Id, IncidentMeasures? Measures)> rows;
                using (var store = SqliteIncidentStore.Open(storePath))
                {
                    rows = store.MeasuresAsync(null, null, CancellationToken.None).GetAwaiter().GetResult();
                }

                var read = split.Elapsed;
                GC.KeepAlive(IncidentMetrics.Report([.. rows.Select(r => r.Measures!)], config.Policy, now));
                var compute = split.Elapsed - read;
                GC.KeepAlive(text);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{run},{report.Incidents},{watch.Elapsed.TotalSeconds:F3},{cpuUsed.TotalSeconds:F3},{read.TotalSeconds:F3},{compute.TotalSeconds:F3}"));
            }

            return 0;
        }
        finally
        {
            if (keep is null)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(root, recursive: true);
            }
        }
    }

    /// <summary>Appends every incident's events (one transaction each, as respond's steps and the live commands do); returns the event count.</summary>
    private static async Task<long> Build(string storePath, int count)
    {
        var random = new Random(42);
        long total = 0;
        await using var store = SqliteIncidentStore.Open(storePath);
        for (var i = 0; i < count; i++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"INC-{i + 1:D5}");
            var events = Incident(id, Start.AddMinutes(i * 25), random);
            total += (await store.AppendAsync(new IncidentId(id), events).ConfigureAwait(false)).Count;
        }

        return total;
    }

    /// <summary>One incident as respond and the live commands record it: evidence, roles, notices, notes, and the learning events.</summary>
    private static List<IncidentEvent> Incident(string id, DateTimeOffset at, Random random)
    {
        var roll = random.NextDouble();
        var priority = roll < 0.05 ? Priority.P0 : roll < 0.25 ? Priority.P1 : roll < 0.65 ? Priority.P2 : Priority.P3;
        string[] components = ["checkout-api", "search", "cart", "payments", "web"];
        var component = components[random.Next(components.Length)];
        var events = new List<IncidentEvent>
        {
            new IncidentDetected(at, "incident-responder", id, "Alertmanager alert HighErrorRate", "automated-alert", $"{component} errors rising", priority, "alerts/a.json:1"),
            new IncidentClassified(at, "incident-responder", priority, Impact.High, Urgency.Medium, IncidentCategory.Availability, "error ratio above the SLO for most users"),
            new StatusChanged(at, "incident-responder", IncidentStatus.Detected, IncidentStatus.Triaged, "triaged"),
            new StatusChanged(at, "incident-responder", IncidentStatus.Triaged, IncidentStatus.Investigating, "investigating"),
        };
        if (random.NextDouble() < 0.7)
        {
            events.Add(new ImpactStarted(at.AddMinutes(-random.Next(1, 30)), "incident-responder", "metric onset"));
        }

        for (var e = 0; e < 8; e++)
        {
            events.Add(new EvidenceCollected(at, "incident-responder", $"source-{e}", $"{random.Next(1000)} records read from source {e} of {component}"));
        }

        events.Add(new RoleAssigned(at, "incident-commander", Roles.IncidentCommander, "Rita Gomez", "on call"));
        events.Add(new RoleAssigned(at, "incident-commander", Roles.Tier1OnCall, "Alex Kim", "on call"));
        events.Add(new RoleAssigned(at.AddMinutes(random.Next(1, 40)), "incident-commander", Roles.Tier2ComponentOwner, "Dana Wu", "owner"));
        events.Add(new Notified(at, "communications-lead", Audiences.OnCall, "Alex Kim", "initial alert"));
        events.Add(new Notified(at.AddMinutes(30), "communications-lead", Audiences.StatusPage, "status page", "first update"));
        if (random.NextDouble() < 0.85)
        {
            events.Add(new IncidentAcknowledged(at.AddMinutes(random.Next(0, 20)), "Alex Kim", "Alex Kim", "firebreak ack"));
        }

        if (random.NextDouble() < 0.3)
        {
            events.Add(new Escalated(at.AddMinutes(15), "engine", Tier.Tier2, "tier 1 timeout"));
            if (random.NextDouble() < 0.3)
            {
                events.Add(new Escalated(at.AddMinutes(45), "engine", Tier.Tier3, "tier 2 timeout"));
            }
        }

        for (var n = 0; n < 5; n++)
        {
            events.Add(new NoteRecorded(at.AddMinutes(n * 3), "incident-responder", $"note {n}: checked dashboard {random.Next(100)} of {component}", "timeline"));
        }

        var statement = $"deploy of {component} introduced a NullReferenceException in PriceCalculator";
        events.Add(new HypothesisRecorded(at.AddMinutes(20), "incident-responder", statement, Confidence.Medium, "deploy-1"));
        if (random.NextDouble() < 0.8)
        {
            events.Add(new CauseRecorded(at.AddMinutes(20), "incident-responder", component, "change:deploy", statement, CauseSignature.KeyTerms(statement)));
            if (random.NextDouble() < 0.1)
            {
                events.Add(new RecurrenceLinked(at.AddMinutes(20), "incident-responder", "INC-00001", component, "change:deploy", 0.8, ["pricecalculator"]));
            }
        }

        events.Add(new MitigationChosen(at.AddMinutes(21), "incident-responder", MitigationStrategy.Rollback, "the deploy is the suspect"));
        if (random.NextDouble() < 0.95)
        {
            var resolved = at.AddMinutes(random.Next(20, 400));
            events.Add(new StatusChanged(resolved, "Alex Kim", IncidentStatus.Investigating, IncidentStatus.Resolved, "rolled back"));
            events.Add(new IncidentResolved(resolved, "Alex Kim", "rolled back"));
            events.Add(new ActionTracked(resolved, "Rita Gomez", "A1", "Canary the deploys", "Dana Wu", resolved.AddDays(7), ActionType.Detect, priority));
            events.Add(new ActionTracked(resolved, "Rita Gomez", "A2", "Add a regression test", "Dana Wu", resolved.AddDays(14), ActionType.Prevent, priority));
            if (random.NextDouble() < 0.6)
            {
                events.Add(new ActionCompleted(resolved.AddDays(random.Next(1, 20)), "Dana Wu", "A1"));
            }

            if (priority <= Priority.P1 && random.NextDouble() < 0.7)
            {
                var held = resolved.AddHours(random.Next(2, 60));
                events.Add(new ReviewHeld(held, "Rita Gomez", held, ["Rita Gomez", "Alex Kim"]));
                events.Add(new StatusChanged(held, "Rita Gomez", IncidentStatus.Resolved, IncidentStatus.Closed, "review held"));
                events.Add(new IncidentClosed(held, "Rita Gomez", "review held"));
            }
        }

        return events;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
