using Firebreak.Core;

namespace Firebreak.Evidence;

/// <summary>
/// The explanations that blame no change: a load surge (capacity), a failing third party (dependency), an attack or
/// leak (security) and corrupted or lost data (data integrity). Each adds documented points (see docs/reasoning.md).
/// </summary>
internal static class CauseDetectors
{
    public static readonly string[] LoadWords =
    [
        "campaign", "utm_", "promo", "sale", "flash", "traffic", "spike", "surge", "burst", "crawler", "bot ", "rate limit",
        "ratelimit", "too many requests", " 429", "throttl", "queue full", "backlog", "overload",
    ];

    public static readonly string[] SaturationWords =
    [
        "pool", "exhausted", "saturat", "no capacity", "out of memory", "outofmemory", "oom", "heap", "connection limit",
        "max_connections", "too many connections", "cpu", "thread starvation", "waiting=", "queue",
    ];

    public static readonly string[] FailureWords =
    [
        "timeout", "timed out", "unavailable", "5xx", " 502", " 503", " 504", "bad gateway", "degraded", "outage",
        "refused", "reset", "unreachable", "dns", "enotfound", "could not resolve", "name resolution", "tls", "handshake",
        "certificate", "gateway", "failed", "error",
    ];

    /// <summary>Failures of the path to a dependency (DNS, TLS, refused connections) that our own network or config changes cause as often as the provider does.</summary>
    public static readonly string[] PathFailureWords =
    [
        "refused", "reset", "unreachable", "dns", "enotfound", "could not resolve", "name resolution", "tls", "handshake", "certificate",
    ];

    public static readonly string[] ExternalWords =
    [
        "provider", "third-party", "third party", "vendor", "status page", "external", "partner",
    ];

    /// <summary>Wording that on its own speaks of an attack, a leak or abuse of access.</summary>
    public static readonly string[] SecurityWords =
    [
        "authentication failed", "auth failed", "login failed", "failed login", "invalid password", "wrong password",
        "invalid credentials", "bad credentials", "credential", "brute", "stuffing", "leaked", "exfiltrat", "suspicious",
        "unusual", "anomalous login", "sql injection", "command injection", "xss", "privilege", "api key", "api_key",
        "apikey", "token reuse", "account takeover", "takeover", "malware", "intrusion", "blocked ip", "no mfa",
        "unknown ip", "data export", "user enumeration", "port scan",
    ];

    /// <summary>Wording that a broken deploy produces too (a 401 storm after an auth bug): weaker evidence.</summary>
    public static readonly string[] WeakSecurityWords =
    [
        " 401 ", " 403 ", "unauthorized", "forbidden", "access denied", "permission denied", "invalid token", "new device", "secret",
    ];

    /// <summary>Dependencies that are our own infrastructure even when the catalog does not list them: their failure usually has a cause of ours.</summary>
    public static readonly string[] InfrastructureWords =
    [
        "postgres", "mysql", "maria", "redis", "memcache", "kafka", "rabbit", "elastic", "mongo", "cassandra", "-db", "db-",
        "database", "cache", "queue", "sql", "zookeeper", "etcd", "consul", "nats", "clickhouse", "dynamo",
    ];

    /// <summary>Wording that on its own says data is wrong or gone.</summary>
    public static readonly string[] IntegrityWords =
    [
        "corrupt", "checksum", "inconsistent", "integrity", "data loss", "lost record", "records lost",
        "missing rows", "rows missing", "orphan", "wrong total", "negative balance", "double charge", "charged twice",
        "lost update", "lost write", "data mismatch", "total mismatch", "balance mismatch",
    ];

    /// <summary>Wording that often but not always means bad data (a version mismatch is not corruption).</summary>
    public static readonly string[] WeakIntegrityWords =
    [
        "mismatch", "constraint violation", "overwrit", "null value in column", "foreign key", "unique constraint", "duplicate key",
    ];

    /// <summary>How a capacity hypothesis driven by load begins; the advisor scales for it.</summary>
    public const string LoadSurgePrefix = "A load surge";

    /// <summary>True for a capacity hypothesis that more load explains (rather than a leak or slower work).</summary>
    public static bool IsLoadSurge(Hypothesis? h) => h is { Cause: CauseKind.Capacity } && h.Statement.StartsWith(LoadSurgePrefix, StringComparison.Ordinal);

    public static Hypothesis? Capacity(Signals signals, Scope scope)
    {
        var load = signals.Series.Where(s => s.Load).OrderByDescending(s => s.Ratio).FirstOrDefault();
        var saturation = signals.Series.Where(s => s.Kind == MetricKind.Saturation && s.Harmful).OrderByDescending(s => s.Current).FirstOrDefault();
        var words = signals.Templates.Select(t => (Term: Wording.FirstOf(t.Text, LoadWords), t)).Where(x => x.Term is not null)
            .OrderBy(x => x.t.Error).ToList();
        var saturationWords = signals.Errors.Select(t => (Term: Wording.FirstOf(t.Text, SaturationWords), t)).Where(x => x.Term is not null).ToList();

        // Without a throughput metric, request lines of a campaign (or 429s) in the logs still show the load.
        var logLoad = load is null && words.Count > 0 ? words[0].t : null;
        if (load is null && logLoad is null && saturation is null)
        {
            return null;
        }

        var evidence = new List<EvidenceItem>();
        var loaded = load is not null || logLoad is not null;
        double score;
        DateTimeOffset? loadStart = null;
        if (load is not null)
        {
            score = 0.5;
            loadStart = load.Start;
            evidence.Add(new(Wording.Inv($"{load.Name}: throughput {Wording.Num(load.Baseline)} → {Wording.Num(load.Current)} ({Wording.Num(load.Ratio)}× baseline) since {Wording.Time(load.Start)}"), load.Source));
        }
        else if (logLoad is not null)
        {
            score = saturation is null ? 0.3 : 0.4;
            loadStart = logLoad.Onset;
            evidence.Add(new(Wording.Inv($"log lines show extra load since {Wording.Time(logLoad.Onset)}: \"{SignalReader.Shorten(logLoad.Template.Template)}\""), logLoad.Source));
        }
        else
        {
            // Saturation without more load: a leak or slower work, not a capacity shortfall from traffic.
            score = saturation!.Gradual ? 0.3 : 0.4;
        }

        if (loaded)
        {
            var harm = signals.Series.Where(s => s.Harmful && s.Kind is not MetricKind.Saturation && s.Start is not null).Select(s => s.Start!.Value)
                .Concat(signals.Errors.Where(t => t.Onset is not null && !ReferenceEquals(t, logLoad)).Select(t => t.Onset!.Value)).DefaultIfEmpty().Min();
            if (harm != default && loadStart is { } started && harm - started >= TimeSpan.FromMinutes(1))
            {
                score += 0.15;
                evidence.Add(new(Wording.Inv($"the load rose {Wording.Span(harm - started)} before errors or latency did: load came first"), load?.Source ?? logLoad!.Source));
            }
        }

        if (saturation is not null)
        {
            score += loaded ? 0.2 : 0;
            evidence.Add(new(Wording.Inv($"{saturation.Name}: saturation {Wording.Num(saturation.Baseline)} → {Wording.Num(saturation.Current)} since {Wording.Time(saturation.Start)}"), saturation.Source));
        }

        if (words.Count > 0 && logLoad is null)
        {
            score += load is not null ? 0.1 : 0.05;
            evidence.Add(new(Wording.Inv($"log lines show the load: \"{SignalReader.Shorten(words[0].t.Template.Template)}\""), words[0].t.Source));
        }

        if (saturationWords.Count > 0)
        {
            score += 0.05;
            evidence.Add(new(Wording.Inv($"errors show exhausted capacity: \"{SignalReader.Shorten(saturationWords[0].t.Template.Template)}\""), saturationWords[0].t.Source));
        }

        var where = saturation?.Component ?? scope.Origin ?? load?.Component ?? "the service";
        var statement = load is not null
            ? Wording.Inv($"{LoadSurgePrefix} ({Wording.Num(load.Ratio)}× normal traffic on {load.Component ?? "the service"}) exhausted the capacity of {where}; no change is needed to explain it")
            : logLoad is not null
                ? Wording.Inv($"{LoadSurgePrefix} (seen in the logs: {SignalReader.Shorten(logLoad.Template.Template, 60)}) exhausted the capacity of {where}; no change is needed to explain it")
                : Wording.Inv($"{where} ran out of capacity ({saturation!.Name} at {Wording.Num(saturation.Current)}) without more load: a leak or slower work");
        score = Math.Min(score, 0.97);
        return new Hypothesis(statement, CauseKind.Capacity, null, score, Confidences.Of(score), evidence);
    }

    public static Hypothesis? Dependency(Signals signals, Scope scope, ComponentGraph graph)
    {
        var ours = OurNames(graph, scope);
        var evidence = new List<EvidenceItem>();
        string? party = null;
        var score = 0.0;
        foreach (var t in signals.Errors)
        {
            var named = graph.ThirdParties.FirstOrDefault(p => Wording.Has(t.Text, p))
                ?? Wording.UrlHosts(t.Text).FirstOrDefault(h => !IsOurHost(h, ours));
            var failure = Wording.FirstOf(t.Text, FailureWords);
            if (named is not null && failure is not null)
            {
                party ??= named;
                var ownSide = InfrastructureWords.Any(w => Wording.Has(named, w)) || PathFailureWords.Contains(failure);
                score = Math.Max(score, ownSide ? 0.45 : graph.ThirdParties.Any(p => ComponentGraph.Same(p, named)) ? 0.6 : 0.5);
                evidence.Add(new(Wording.Inv($"errors name the external dependency {named} ({failure.Trim()}): \"{SignalReader.Shorten(t.Template.Template, 120)}\""), t.Source));
                break;
            }
        }

        if (party is null)
        {
            // An upstream that is in the catalog but silent, or a generic upstream failure, is weaker evidence.
            var generic = signals.Errors.FirstOrDefault(t => Wording.FirstOf(t.Text, ExternalWords) is not null && Wording.FirstOf(t.Text, FailureWords) is not null
                && !ours.Any(o => Wording.HasWord(t.Text, o)));
            if (generic is null)
            {
                return null;
            }

            score = 0.4;
            party = Wording.FirstOf(generic.Text, ExternalWords)!.Trim();
            evidence.Add(new(Wording.Inv($"errors point at an upstream ({party}): \"{SignalReader.Shorten(generic.Template.Template, 120)}\""), generic.Source));
        }

        var alert = signals.Alerts.FirstOrDefault(a => Wording.Has($"{a.Summary} {a.Description}", party) || Wording.FirstOf($"{a.Summary} {a.Description}", ExternalWords) is not null);
        if (alert is not null)
        {
            score += 0.15;
            evidence.Add(new(Wording.Inv($"alert {alert.Name}: {alert.Summary}"), alert.Source));
        }

        var own = signals.Errors.Where(t => !Wording.Has(t.Text, party) && Wording.FirstOf(t.Text, ExternalWords) is null).ToList();
        if (own.Count == 0)
        {
            score += 0.1;
            evidence.Add(new(Wording.Inv($"every new error names {party}: nothing else in our code started failing"), signals.Errors.First().Source));
        }

        var external = signals.Templates.FirstOrDefault(t => Wording.FirstOf(t.Text, ["status page", "degraded", "outage", "incident at", "vendor"]) is not null);
        if (external is not null)
        {
            score += 0.1;
            evidence.Add(new(Wording.Inv($"\"{SignalReader.Shorten(external.Template.Template, 120)}\""), external.Source));
        }

        if (!signals.Errors.Any(t => t.Template.Stack is { } s && !s.TopFrames.Any(f => Wording.Has(f, party))))
        {
            score += 0.05;
            evidence.Add(new("no new stack trace points into our own code", signals.Errors.First().Source));
        }

        score = Math.Min(score, 0.95);
        var who = scope.Origin is null ? "the service" : scope.Origin;
        var what = InfrastructureWords.Any(w => Wording.Has(party, w)) ? "The dependency" : "The third party";
        var statement = Wording.Inv($"{what} {party} is failing (timeouts/errors), so {who} fails for the requests that need it; our changes do not explain it");
        return new Hypothesis(statement, CauseKind.Dependency, null, score, Confidences.Of(score), evidence);
    }

    public static Hypothesis? Security(Signals signals, GuidanceProfile guidance)
    {
        var evidence = new List<EvidenceItem>();
        var score = 0.0;
        var hits = signals.Templates.Select(t => (Term: Wording.FirstOf(" " + t.Text + " ", SecurityWords), Strong: true, t))
            .Concat(signals.Templates.Select(t => (Term: Wording.FirstOf(" " + t.Text + " ", WeakSecurityWords), Strong: false, t)))
            .Where(x => x.Term is not null).DistinctBy(x => x.t.Template.TemplateId).ToList();
        if (hits.Count > 0)
        {
            score = hits.Any(h => h.Strong) ? 0.5 : 0.35;
            evidence.AddRange(hits.Take(3).Select(h => new EvidenceItem(Wording.Inv($"security signal ({h.Term!.Trim()}): \"{SignalReader.Shorten(h.t.Template.Template, 120)}\""), h.t.Source)));
            if (hits.Count > 1 || hits.Any(h => h.t.Template.IsSurging))
            {
                score += 0.05;
            }
        }

        var alert = signals.Alerts.FirstOrDefault(a => Wording.FirstOf($" {a.Name} {a.Summary} {a.Description} ", SecurityWords) is not null);
        if (alert is not null)
        {
            score = Math.Max(score + 0.15, 0.45);
            evidence.Add(new(Wording.Inv($"alert {alert.Name}: {alert.Summary}"), alert.Source));
        }

        if (score > 0)
        {
            // Hostile traffic comes from outside: public addresses in the incident's new or surging lines.
            var ips = signals.Templates.SelectMany(t => Wording.PublicIps(t.Text).Select(ip => (ip, t))).ToList();
            if (ips.Count > 0)
            {
                score += 0.2;
                evidence.Add(new(Wording.Inv($"from public addresses, e.g. {ips[0].ip}"), ips[0].t.Source));
            }
        }

        if (guidance.Security)
        {
            score = Math.Max(score, 0.3) + 0.2;
            evidence.Add(new(Wording.Inv($"the reporter's guidance says security: \"{SignalReader.Shorten(guidance.Text, 120)}\""), new SourceRef("guidance")));
        }

        if (score <= 0)
        {
            return null;
        }

        score = Math.Min(score, 0.97);
        return new Hypothesis("A security incident: hostile or unauthorised access explains the symptoms; contain it before restoring", CauseKind.Security, null, score, Confidences.Of(score), evidence);
    }

    public static Hypothesis? DataIntegrity(Signals signals, IReadOnlyList<ChangeRecord> changes, GuidanceProfile guidance)
    {
        var evidence = new List<EvidenceItem>();
        var score = 0.0;
        var hits = signals.Templates.Select(t => (Term: Wording.FirstOf(t.Text, IntegrityWords), t)).Where(x => x.Term is not null).ToList();
        var weak = signals.Errors.Select(t => (Term: Wording.FirstOf(t.Text, WeakIntegrityWords), t)).Where(x => x.Term is not null).ToList();
        if (hits.Count > 0 || weak.Count > 0)
        {
            score = hits.Count > 0 ? 0.6 : 0.45;
            evidence.AddRange(hits.Concat(weak).Take(3).Select(h => new EvidenceItem(Wording.Inv($"data-integrity signal ({h.Term}): \"{SignalReader.Shorten(h.t.Template.Template, 120)}\""), h.t.Source)));
        }

        var alert = signals.Alerts.FirstOrDefault(a => Wording.FirstOf($"{a.Name} {a.Summary} {a.Description}", IntegrityWords) is not null);
        if (alert is not null)
        {
            score = Math.Max(score + 0.15, 0.45);
            evidence.Add(new(Wording.Inv($"alert {alert.Name}: {alert.Summary}"), alert.Source));
        }

        var migration = changes.Where(c => c.Kind == ChangeKind.Migration && (signals.Onset is not { } on || c.At <= on + ChangeScorer.Tolerance))
            .OrderByDescending(c => c.At).FirstOrDefault();
        if (migration is not null && (score > 0 || migration.Reversible == false))
        {
            score = Math.Max(score, 0.35) + 0.15;
            evidence.Add(new(Wording.Inv($"migration {migration.Version ?? migration.Key ?? migration.Ref} ran at {Wording.Time(migration.At)}{(migration.Reversible == false ? " and is irreversible" : string.Empty)}"), migration.Source));
        }

        if (guidance.DataLoss)
        {
            score = Math.Max(score, 0.3) + 0.25;
            evidence.Add(new(Wording.Inv($"the reporter's guidance says data loss: \"{SignalReader.Shorten(guidance.Text, 120)}\""), new SourceRef("guidance")));
        }

        if (score <= 0)
        {
            return null;
        }

        score = Math.Min(score, 0.95);
        return new Hypothesis("Data was corrupted or lost: records are wrong, missing or inconsistent", CauseKind.DataIntegrity, null, score, Confidences.Of(score), evidence);
    }

    public static Hypothesis Unknown(Signals signals, string? reason = null)
    {
        var needs = "unknown: needs deploy/config records near the onset, error logs with stack traces, or the dependency's status";
        var evidence = new List<EvidenceItem>
        {
            new(reason ?? (signals.Onset is null ? "no anomaly, new error template or firing alert was found in the evidence" : Wording.Inv($"symptoms since {Wording.Time(signals.Onset)} ({signals.OnsetBasis}), but no change or external cause explains them")), new SourceRef("evidence")),
        };
        const double score = 0.3;
        return new Hypothesis("The cause is " + needs, CauseKind.Unknown, null, score, Confidences.Of(score), evidence);
    }

    /// <summary>A host is ours when its registrable label (the one before the top-level domain) is a component, or it is cluster-internal.</summary>
    private static bool IsOurHost(string host, List<string> ours)
    {
        var labels = host.Split('.', StringSplitOptions.RemoveEmptyEntries);
        if (labels.Length == 0 || host.EndsWith(".local", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".internal", StringComparison.OrdinalIgnoreCase)
            || host.Contains(".svc", StringComparison.OrdinalIgnoreCase) || host == "localhost" || Wording.PublicIps(host).Count == 0 && char.IsDigit(host[0]))
        {
            return true;
        }

        var registrable = labels.Length == 1 ? labels[0] : labels[^2];
        return ours.Any(o => string.Equals(o, registrable, StringComparison.OrdinalIgnoreCase));
    }

    private static List<string> OurNames(ComponentGraph graph, Scope scope) =>
        [.. scope.Affected, .. graph.Names, "localhost", "internal", "svc.cluster", ".local"];
}
