using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Firebreak.Cli.Tests;

/// <summary>Builds a project kit (firebreak.yaml, a real git history, deploys, logs, metrics, alerts, runbooks) in a temp folder, with times relative to a fixed now.</summary>
internal sealed class KitBuilder
{
    private readonly List<(TimeSpan At, string Author, string Message, Dictionary<string, string> Files, string? Ref)> _commits = [];
    private readonly List<(TimeSpan At, Dictionary<string, object?> Fields)> _deploys = [];
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly List<string> _executables = [];
    private readonly List<(string File, string Component, List<(TimeSpan From, TimeSpan To, double PerMinute, string Level, string Text, string[] Stack)> Streams)> _logs = [];
    private readonly List<(string Name, string Kind, string Component, double Baseline, TimeSpan? StepAt, double StepValue, TimeSpan? RecoversIn)> _metrics = [];
    private readonly List<(TimeSpan At, string Name, string Severity, string Component, string Summary)> _alerts = [];
    private string _config = string.Empty;

    public KitBuilder(DateTimeOffset now) => Now = now;

    public DateTimeOffset Now { get; }

    public KitBuilder Config(string yaml)
    {
        _config = yaml;
        return this;
    }

    public KitBuilder File(string path, string content, bool executable = false)
    {
        _files[path] = content;
        if (executable)
        {
            _executables.Add(path);
        }

        return this;
    }

    public KitBuilder Commit(TimeSpan ago, string author, string message, Dictionary<string, string> files, string? reference = null)
    {
        _commits.Add((ago, author, message, files, reference));
        return this;
    }

    /// <summary>A deploys.jsonl record; a "commit" value starting with @ names a commit's reference.</summary>
    public KitBuilder Deploy(TimeSpan ago, params (string Key, object? Value)[] fields)
    {
        _deploys.Add((ago, fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal)));
        return this;
    }

    public KitBuilder Log(string file, string component, params (TimeSpan From, TimeSpan To, double PerMinute, string Level, string Text, string[] Stack)[] streams)
    {
        _logs.Add((file, component, [.. streams]));
        return this;
    }

    /// <summary>A metric at its baseline that steps to <paramref name="stepValue"/>; with <paramref name="recoversIn"/> the file also holds samples after now, back at baseline from then on (what a later read would see).</summary>
    public KitBuilder Metric(string name, string kind, string component, double baseline, TimeSpan? stepAgo = null, double stepValue = 0, TimeSpan? recoversIn = null)
    {
        _metrics.Add((name, kind, component, baseline, stepAgo, stepValue, recoversIn));
        return this;
    }

    public KitBuilder Alert(TimeSpan ago, string name, string severity, string component, string summary)
    {
        _alerts.Add((ago, name, severity, component, summary));
        return this;
    }

    /// <summary>Writes the kit into a new temp folder.</summary>
    public Kit Build()
    {
        var root = Directory.CreateTempSubdirectory("fb-kit-").FullName;
        var kit = new Kit(root, Now);
        Write(root, "firebreak.yaml", _config);
        Write(root, ".gitignore", "logs/\nmetrics/\nalerts/\ndeploys.jsonl\n.aiwg/\n");
        foreach (var (path, content) in _files)
        {
            Write(root, path, content);
        }

        foreach (var path in _executables)
        {
            if (OperatingSystem.IsWindows())
            {
                break;
            }

            System.IO.File.SetUnixFileMode(Path.Combine(root, path), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Git(root, null, "init", "-q", "-b", "main");
        Git(root, null, "config", "user.email", "ci@example.invalid");
        Git(root, null, "config", "user.name", "CI");
        foreach (var commit in _commits.OrderByDescending(c => c.At))
        {
            foreach (var (path, content) in commit.Files)
            {
                Write(root, path, content);
            }

            Git(root, null, "add", "-A");
            var when = Iso(Now - commit.At);
            var (name, email) = Split(commit.Author);
            Git(root, new Dictionary<string, string>
            {
                ["GIT_AUTHOR_DATE"] = when, ["GIT_COMMITTER_DATE"] = when,
                ["GIT_AUTHOR_NAME"] = name, ["GIT_AUTHOR_EMAIL"] = email,
                ["GIT_COMMITTER_NAME"] = name, ["GIT_COMMITTER_EMAIL"] = email,
            }, "commit", "-q", "--allow-empty", "-m", commit.Message);
            if (commit.Ref is not null)
            {
                kit.Refs[commit.Ref] = Git(root, null, "rev-parse", "HEAD").Trim();
            }
        }

        var deploys = new StringBuilder();
        foreach (var (at, fields) in _deploys.OrderByDescending(d => d.At))
        {
            var record = new Dictionary<string, object?> { ["at"] = Iso(Now - at) };
            foreach (var (key, value) in fields)
            {
                record[key] = value is string s && s.StartsWith('@') ? kit.Refs[s[1..]] : value;
            }

            deploys.Append(JsonSerializer.Serialize(record)).Append('\n');
        }

        Write(root, "deploys.jsonl", deploys.ToString());
        WriteLogs(root);
        WriteMetrics(root);
        WriteAlerts(root);
        return kit;
    }

    private void WriteLogs(string root)
    {
        foreach (var (file, component, streams) in _logs)
        {
            var lines = new List<(DateTimeOffset At, string Text)>();
            var n = 0;
            foreach (var (from, to, perMinute, level, text, stack) in streams)
            {
                var step = TimeSpan.FromMinutes(1 / perMinute);
                for (var at = Now - from; at < Now - to; at += step)
                {
                    n++;
                    var body = text.Replace("<id>", (10000 + (n * 7919 % 89999)).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
                    var record = $"{Iso(at)} {level,-5} [{component}] {body}";
                    lines.Add((at, stack.Length == 0 ? record : record + "\n" + string.Join('\n', stack)));
                }
            }

            Write(root, file, string.Join('\n', lines.OrderBy(l => l.At).Select(l => l.Text)) + "\n");
        }
    }

    private void WriteMetrics(string root)
    {
        foreach (var (name, kind, component, baseline, stepAgo, stepValue, recoversIn) in _metrics)
        {
            var values = new List<object[]>();
            var end = recoversIn is null ? Now : Now + TimeSpan.FromMinutes(30);
            for (var at = Now - TimeSpan.FromHours(6); at <= end; at += TimeSpan.FromSeconds(30))
            {
                var wobble = ((at.ToUnixTimeSeconds() / 30 % 5) - 2) * baseline * 0.02;
                var recovered = recoversIn is { } r && at >= Now + r;
                var value = !recovered && stepAgo is { } s && at >= Now - s ? stepValue : baseline + wobble;
                values.Add([at.ToUnixTimeMilliseconds() / 1000.0, value.ToString("G6", CultureInfo.InvariantCulture)]);
            }

            var body = new
            {
                status = "success",
                data = new { resultType = "matrix", result = new[] { new { metric = new Dictionary<string, string> { ["__name__"] = name, ["component"] = component }, values } } },
            };
            Write(root, $"metrics/{name}.json", JsonSerializer.Serialize(body));
        }
    }

    private void WriteAlerts(string root)
    {
        var i = 0;
        foreach (var (at, name, severity, component, summary) in _alerts)
        {
            i++;
            var labels = new Dictionary<string, string> { ["alertname"] = name, ["severity"] = severity, ["component"] = component };
            var alert = new Dictionary<string, object>
            {
                ["status"] = "firing",
                ["labels"] = labels,
                ["annotations"] = new Dictionary<string, string> { ["summary"] = summary, ["description"] = summary },
                ["startsAt"] = Iso(Now - at),
                ["endsAt"] = "0001-01-01T00:00:00Z",
                ["generatorURL"] = "http://prometheus.local/graph",
                ["fingerprint"] = $"{i:x16}",
            };
            var body = new Dictionary<string, object>
            {
                ["version"] = "4", ["status"] = "firing", ["receiver"] = "firebreak", ["groupKey"] = $"{{}}:{{alertname=\"{name}\"}}",
                ["groupLabels"] = new Dictionary<string, string> { ["alertname"] = name }, ["commonLabels"] = labels,
                ["commonAnnotations"] = alert["annotations"], ["externalURL"] = "http://alertmanager.local", ["alerts"] = new[] { alert },
            };
            Write(root, $"alerts/{i:00}-{name}.json", JsonSerializer.Serialize(body));
        }
    }

    private static (string Name, string Email) Split(string author)
    {
        var lt = author.IndexOf('<', StringComparison.Ordinal);
        return (author[..lt].Trim(), author[(lt + 1)..].TrimEnd('>'));
    }

    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void Write(string root, string relative, string content)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
    }

    internal static string Git(string directory, IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {error}");
        }

        return output;
    }

    /// <summary>The checkout deploy regression: a bad checkout-api deploy 9 minutes before detection, with decoys.</summary>
    public static KitBuilder CheckoutRegression(DateTimeOffset now, string? mitigation = null, TimeSpan? recoversIn = null) =>
        CheckoutRegression(now, BadDeploy.NullPrice, mitigation, recoversIn);

    /// <summary>The checkout deploy regression with <paramref name="bad"/> as the culprit deploy and the failure it brings.</summary>
    public static KitBuilder CheckoutRegression(DateTimeOffset now, BadDeploy bad, string? mitigation = null, TimeSpan? recoversIn = null) => new KitBuilder(now)
        .Config($$"""
            service: shop
            users: 240000
            slo: {availability: 99.9, latency_p95_ms: 400}
            components:
              - {name: checkout-api, owner: Dana Wu, backup: Lee Park, paths: [src/checkout/], critical: true, depends_on: [postgres]}
              - {name: search, owner: Omar Ali, backup: Kim Vo, paths: [src/search/]}
            people:
              oncall: [Alex Kim, Sam Ortiz]
              incident_commanders: [Rita Gomez]
              communications: [Jo Lee]
              architects: [Ken Ito]
              management: [Mia Chen]
              executives: [Omar Haddad]
              security: [Ana Silva]
            evidence:
              logs: [logs/*.log]
              metrics:
                - {file: metrics/checkout_error_ratio.json, kind: error_rate, component: checkout-api}
                - {file: metrics/checkout_latency_p95_ms.json, kind: latency_p95_ms, component: checkout-api}
              alerts: [alerts/*.json]
              deployments: deploys.jsonl
            {{mitigation ?? string.Empty}}
            """)
        .File("runbooks/runbook-high-error-rate.md", "# Runbook: high error rate after a deploy\nSymptoms: 5xx ratio above 5%, exceptions in service logs.\nMitigation: roll back the last deploy of the service.\n")
        .Commit(TimeSpan.FromDays(30), "Init <init@example.invalid>", "Initial import", new() { ["src/checkout/PriceCalculator.cs"] = "class PriceCalculator { decimal Apply(Cart c) => c.Total; }\n", ["src/search/Index.cs"] = "class Index {}\n" })
        .Commit(TimeSpan.FromHours(4), "Omar Ali <omar@example.invalid>", "search: add synonyms", new() { ["src/search/Synonyms.cs"] = "class Synonyms {}\n" }, "search")
        .Commit(TimeSpan.FromMinutes(42), "Dana Wu <dana@example.invalid>", bad.Subject, new() { [bad.File] = bad.Code }, "culprit")
        .Deploy(TimeSpan.FromHours(26), ("component", "checkout-api"), ("version", "3.7.2"), ("kind", "deploy"), ("description", "checkout-api 3.7.2"))
        .Deploy(TimeSpan.FromHours(3), ("component", "search"), ("version", "5.2.0"), ("commit", "@search"), ("kind", "deploy"), ("description", "search 5.2.0"))
        .Deploy(TimeSpan.FromMinutes(21), ("component", "checkout-api"), ("version", bad.Version), ("commit", "@culprit"), ("kind", "deploy"), ("description", $"checkout-api {bad.Version} rolling deploy"))
        .Log("logs/checkout-api.log", "checkout-api",
            (TimeSpan.FromHours(2), TimeSpan.FromMinutes(20), 20, "INFO", "POST /api/checkout/<id> 200 41ms", []),
            (TimeSpan.FromMinutes(20), TimeSpan.Zero, 20, "ERROR", bad.Error, bad.Stack),
            (TimeSpan.FromMinutes(20), TimeSpan.Zero, 20, "INFO", "POST /api/checkout/<id> 500 12ms", []))
        .Metric("checkout_error_ratio", "error_rate", "checkout-api", 0.0005, TimeSpan.FromMinutes(20), 0.9, recoversIn)
        .Metric("checkout_latency_p95_ms", "latency_p95_ms", "checkout-api", 180, TimeSpan.FromMinutes(20), 260, recoversIn)
        .Alert(TimeSpan.FromMinutes(12), "CheckoutHighErrorRate", "critical", "checkout-api", "checkout-api 5xx ratio above 5% for 5m");
}

/// <summary>A kit on disk, removed at dispose.</summary>
internal sealed class Kit(string path, DateTimeOffset now) : IDisposable
{
    public string Path { get; } = path;
    public DateTimeOffset Now { get; } = now;
    public Dictionary<string, string> Refs { get; } = new(StringComparer.Ordinal);

    public string IncidentDirectory(string id) => System.IO.Path.Combine(Path, ".aiwg", "incidents", id);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>A bad checkout-api deploy: its version, the commit it ships (subject, file, code) and the error it brings (line and stack).</summary>
internal sealed record BadDeploy(string Version, string Subject, string File, string Code, string Error, string[] Stack)
{
    /// <summary>3.8.0: a loyalty discount read through a null reference in the price calculator.</summary>
    public static BadDeploy NullPrice { get; } = new("3.8.0", "checkout: apply loyalty discount before tax", "src/checkout/PriceCalculator.cs",
        "class PriceCalculator { decimal Apply(Cart c) => c.Total - c.Loyalty.Discount; }\n",
        "Unhandled exception processing order <id>: System.NullReferenceException: Object reference not set to an instance of an object.",
        ["   at Shop.Checkout.PriceCalculator.Apply(Cart cart) in /src/checkout/PriceCalculator.cs:line 42"]);
}
