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

    /// <summary>A provider refusing our credentials (a revoked or rotated key, a wrong secret): the failure is on our side of the call as often as on the provider's.</summary>
    public static readonly string[] RejectedCredentialWords =
    [
        "unauthorized", " 401", "invalid api key", "invalid_api_key", "key revoked", "revoked key", "invalid credentials", "invalid_client",
        "authentication failed", "invalid signature",
    ];

    /// <summary>Segment labels that name our own machines (not the users' region or client): a dependency that fails from only some of them is reached badly from our side.</summary>
    public static readonly string[] OwnSegmentLabels = ["host", "nodepool", "cluster"];

    public static readonly string[] ExternalWords =
    [
        "provider", "third-party", "third party", "vendor", "status page", "external", "partner", "packet loss",
        "connectivity issue", "no route to host", "network partition", "availability zone",
    ];

    /// <summary>Wording that on its own speaks of an attack, a leak or abuse of access.</summary>
    public static readonly string[] SecurityWords =
    [
        "authentication failed", "auth failed", "login failed", "failed login", "invalid password", "wrong password",
        "invalid credentials", "bad credentials", "credential", "brute", "stuffing", "leaked", "exfiltrat", "suspicious",
        "unusual", "anomalous login", "sql injection", "command injection", "xss", "privilege", "api key", "api_key",
        "apikey", "token reuse", "account takeover", "takeover", "malware", "intrusion", "blocked ip", "no mfa",
        "unknown ip", "data export", "user enumeration", "port scan", "outside our network", "unfamiliar address",
        "unknown address", "bulk export", "mass download", "exported all",
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
        "lost update", "lost write", "data mismatch", "total mismatch", "balance mismatch", "replication conflict",
        "conflicting write", "diverge", "split-brain", "split brain", "both accept writes", "two primaries", "written twice",
        "different from what was written", "existed yesterday", "no longer exist", "gone from", "disappeared", "duplicate entr",
    ];

    /// <summary>Wording that often but not always means bad data (a version mismatch is not corruption).</summary>
    public static readonly string[] WeakIntegrityWords =
    [
        "mismatch", "constraint violation", "overwrit", "null value in column", "foreign key", "unique constraint", "duplicate key",
    ];

    /// <summary>Wording of mass deletion in any new line (a purge job, a cleanup): weak on its own, lost data with a report of missing records.</summary>
    public static readonly string[] DeletionWords = ["purge:", "purged", "deleted <*>", "rows deleted", "records deleted", "documents deleted", "files deleted"];

    /// <summary>Wording of a cloud provider's network trouble in any line (its health feed, a zone event).</summary>
    public static readonly string[] ProviderNetworkWords =
    [
        "packet loss", "connectivity issue", "network partition", "zone outage", "zone is unavailable", "provider health", "region outage", "network degradation",
    ];

    /// <summary>Wording that says people saw data that is not theirs: an exposure, whatever caused it.</summary>
    public static readonly string[] ExposureWords =
    [
        "another person's", "another customer's", "another user's", "other customers'", "other users'", "other people's",
        "someone else's", "somebody else's", "wrong user's", "wrong account", "wrong customer", "cross-tenant", "another tenant",
        "other tenant", "belongs to another", "not their own", "session mix",
    ];

    /// <summary>Wording of an expired or invalid certificate.</summary>
    public static readonly string[] CertificateWords =
    [
        "certificate has expired", "certificate expired", "expired certificate", "cert expired", "certificate is not yet valid",
        "certificate verify failed", "x509: certificate", "notafter", "ssl_error_expired", "certificate_expired",
    ];

    /// <summary>Wording of a clock that jumped or drifted.</summary>
    public static readonly string[] ClockWords =
    [
        "clock stepped", "clock step", "clock skew", "clock drift", "time jumped", "time went backwards", "in the future",
        "not yet valid", "ntp", "chrony", "timesync", "leap second",
    ];

    /// <summary>Wording of a deferred effect: the work is kept and retried, nobody loses it now.</summary>
    public static readonly string[] DeferredWords =
    [
        "will retry", "queued for retry", "retrying in", "retry in", "retry scheduled", "requeued", "deferred", "redeliver", "kept and retried",
    ];

    /// <summary>How a capacity hypothesis driven by load begins; the advisor scales for it.</summary>
    public const string LoadSurgePrefix = "A load surge";

    /// <summary>True for a capacity hypothesis that more load explains (rather than a leak or slower work).</summary>
    public static bool IsLoadSurge(Hypothesis? h) => h is { Cause: CauseKind.Capacity } && h.Statement.StartsWith(LoadSurgePrefix, StringComparison.Ordinal);

    public static Hypothesis? Capacity(Signals signals, Scope scope, ReasoningOptions options)
    {
        var o = options.Causes.Capacity;
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
            score = o.MetricLoad;
            loadStart = load.Start;
            evidence.Add(new(Wording.Inv($"{load.Name}: throughput {Wording.Num(load.Baseline)} → {Wording.Num(load.Current)} ({Wording.Num(load.Ratio)}× baseline) since {Wording.Time(load.Start)}"), load.Source));
        }
        else if (logLoad is not null)
        {
            score = saturation is null ? o.LogLoad : o.LogLoadSaturated;
            loadStart = logLoad.Onset;
            evidence.Add(new(Wording.Inv($"log lines show extra load since {Wording.Time(logLoad.Onset)}: \"{SignalReader.Shorten(logLoad.Template.Template)}\""), logLoad.Source));
        }
        else
        {
            // Saturation without more load: a leak or slower work, not a capacity shortfall from traffic.
            score = saturation!.Gradual ? o.GradualSaturation : o.StepSaturation;
        }

        if (loaded)
        {
            var harm = signals.Series.Where(s => s.Harmful && s.Kind is not MetricKind.Saturation && s.Start is not null).Select(s => s.Start!.Value)
                .Concat(signals.Errors.Where(t => t.Onset is not null && !ReferenceEquals(t, logLoad)).Select(t => t.Onset!.Value)).DefaultIfEmpty().Min();
            if (harm != default && loadStart is { } started && harm - started >= o.LoadFirstBy)
            {
                score += o.LoadFirstBonus;
                evidence.Add(new(Wording.Inv($"the load rose {Wording.Span(harm - started)} before errors or latency did: load came first"), load?.Source ?? logLoad!.Source));
            }
        }

        if (saturation is not null)
        {
            score += loaded ? o.SaturationBonus : 0;
            evidence.Add(new(Wording.Inv($"{saturation.Name}: saturation {Wording.Num(saturation.Baseline)} → {Wording.Num(saturation.Current)} since {Wording.Time(saturation.Start)}"), saturation.Source));
        }

        if (words.Count > 0 && logLoad is null)
        {
            score += load is not null ? o.LoadWordsBonus : o.LoadWordsWithoutMetricBonus;
            evidence.Add(new(Wording.Inv($"log lines show the load: \"{SignalReader.Shorten(words[0].t.Template.Template)}\""), words[0].t.Source));
        }

        if (saturationWords.Count > 0)
        {
            score += o.ExhaustionWordsBonus;
            evidence.Add(new(Wording.Inv($"errors show exhausted capacity: \"{SignalReader.Shorten(saturationWords[0].t.Template.Template)}\""), saturationWords[0].t.Source));
        }

        if (load is not null && HandledBefore(load, signals, o) is { } handled)
        {
            // The same load level was served without harm before: the load reveals a problem, it does not explain it.
            score -= options.Ranking.HandledLoadPenalty;
            evidence.Add(new(Wording.Inv($"the same load was handled before without errors: {load.Name} was at {Wording.Num(handled.Value)} at {Wording.Time(handled.At)} while every symptom was at its baseline"), load.Source));
        }

        var where = saturation?.Component ?? scope.Origin ?? load?.Component ?? "the service";
        var statement = load is not null
            ? Wording.Inv($"{LoadSurgePrefix} ({Wording.Num(load.Ratio)}× normal traffic on {load.Component ?? "the service"}) exhausted the capacity of {where}; no change is needed to explain it")
            : logLoad is not null
                ? Wording.Inv($"{LoadSurgePrefix} (seen in the logs: {SignalReader.Shorten(logLoad.Template.Template, 60)}) exhausted the capacity of {where}; no change is needed to explain it")
                : Wording.Inv($"{where} ran out of capacity ({saturation!.Name} at {Wording.Num(saturation.Current)}) without more load: a leak or slower work");
        score = Math.Min(score, o.MaxScore);
        return new Hypothesis(statement, CauseKind.Capacity, null, score, Confidences.Of(score, options.Confidence), evidence);
    }

    /// <summary>
    /// A sample of the load series, before its current rise, at ≥ 90% of today's level (defaults), at a moment when every harmful series
    /// (other than saturation) was within its baseline band: the same load was served fine then.
    /// </summary>
    private static MetricSample? HandledBefore(SeriesSignal load, Signals signals, CapacityCauseOptions o)
    {
        if (load.Current is not { } now || load.Start is not { } rose)
        {
            return null;
        }

        var harm = signals.Harmful.Where(s => s.Kind is MetricKind.ErrorRate or MetricKind.Latency or MetricKind.Availability && s.Baseline is not null).ToList();
        if (harm.Count == 0)
        {
            return null;
        }

        foreach (var sample in load.Analysis.Series.Samples.Where(x => x.At < rose - o.HandledBefore && x.Value >= o.HandledLoadShare * now))
        {
            var fine = harm.All(h =>
            {
                var near = h.Analysis.Series.Samples.Where(x => (x.At - sample.At).Duration() <= o.HandledNear).ToList();
                var band = Math.Max(o.BandSigmas * SignalOptions.MadToSigma * (h.Analysis.BaselineMad ?? 0), o.BandShare * Math.Abs(h.Baseline!.Value));
                return near.Count > 0 && near.All(x => Math.Abs(x.Value - h.Baseline!.Value) <= band);
            });
            if (fine)
            {
                return sample;
            }
        }

        return null;
    }

    public static Hypothesis? Dependency(Signals signals, Scope scope, ComponentGraph graph, Segments segments, ReasoningOptions options)
    {
        var o = options.Causes.Dependency;

        // Some of our own machines fail to reach it while the others reach it fine: the path from our side, not the provider, fails.
        var ownSegment = segments.Confined.FirstOrDefault(l => OwnSegmentLabels.Contains(l.Label, StringComparer.OrdinalIgnoreCase));
        var ours = OurNames(graph, scope);
        var evidence = new List<EvidenceItem>();
        string? party = null;
        var score = 0.0;
        var outside = true;
        var fromSomeOfOurs = false;
        foreach (var t in signals.Errors)
        {
            var named = graph.ThirdParties.FirstOrDefault(p => Wording.Has(t.Text, p))
                ?? Wording.UrlHosts(t.Text).FirstOrDefault(h => !IsOurHost(h, ours));
            var failure = Wording.FirstOf(t.Text, FailureWords);
            if (named is not null && failure is not null)
            {
                party ??= named;
                var rejected = Wording.FirstOf(t.Text, RejectedCredentialWords);
                var ownSide = InfrastructureWords.Any(w => Wording.Has(named, w)) || PathFailureWords.Contains(failure) || rejected is not null || ownSegment is not null;
                outside = !ownSide;
                score = Math.Max(score, ownSide ? o.OwnSide : graph.ThirdParties.Any(p => ComponentGraph.Same(p, named)) ? o.CatalogParty : o.NamedHost);
                evidence.Add(new(Wording.Inv($"errors name the external dependency {named} ({failure.Trim()}): \"{SignalReader.Shorten(t.Template.Template, 120)}\""), t.Source));
                if (rejected is not null)
                {
                    evidence.Add(new(Wording.Inv($"it refuses our credentials ({rejected.Trim()}): a key or secret of ours may be wrong, not the provider down"), t.Source));
                }

                if (ownSegment is not null)
                {
                    fromSomeOfOurs = true;
                    evidence.Add(new(Wording.Inv($"only some {ownSegment.Label}s of ours fail to reach it ({string.Join(", ", ownSegment.Failing.Order(StringComparer.Ordinal))}) while others reach it fine: the path from our side fails"), t.Source));
                }

                break;
            }
        }

        if (party is null
            && signals.Templates.FirstOrDefault(t => Wording.FirstOf(t.Text, ProviderNetworkWords) is not null) is { } health
            && signals.Errors.FirstOrDefault(t => Wording.FirstOf(t.Text, ["timed out", "timeout", "no route", "unreachable", "refused", "reset"]) is not null) is { } cut)
        {
            // The provider reports network trouble and our connections time out: the path, not our code, fails.
            party = "the cloud provider's network";
            score = o.ProviderNetwork;
            evidence.Add(new(Wording.Inv($"the provider reports network trouble: \"{SignalReader.Shorten(health.Template.Template, 120)}\""), health.Source));
            evidence.Add(new(Wording.Inv($"and connections fail: \"{SignalReader.Shorten(cut.Template.Template, 120)}\""), cut.Source));
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

            score = o.GenericUpstream;
            party = Wording.FirstOf(generic.Text, ExternalWords)!.Trim();
            evidence.Add(new(Wording.Inv($"errors point at an upstream ({party}): \"{SignalReader.Shorten(generic.Template.Template, 120)}\""), generic.Source));
        }

        var alert = signals.Alerts.FirstOrDefault(a => Wording.Has($"{a.Summary} {a.Description}", party) || Wording.FirstOf($"{a.Summary} {a.Description}", ExternalWords) is not null);
        if (alert is not null)
        {
            score += o.AlertBonus;
            evidence.Add(new(Wording.Inv($"alert {alert.Name}: {alert.Summary}"), alert.Source));
        }

        var own = signals.Errors.Where(t => !Wording.Has(t.Text, party) && Wording.FirstOf(t.Text, ExternalWords) is null).ToList();
        if (own.Count == 0)
        {
            score += o.OnlyPartyBonus;
            evidence.Add(new(Wording.Inv($"every new error names {party}: nothing else in our code started failing"), signals.Errors.First().Source));
        }

        var external = signals.Templates.FirstOrDefault(t => Wording.FirstOf(t.Text, ["status page", "degraded", "outage", "incident at", "vendor"]) is not null);
        if (external is not null)
        {
            score += o.StatusBonus;
            evidence.Add(new(Wording.Inv($"\"{SignalReader.Shorten(external.Template.Template, 120)}\""), external.Source));
        }

        if (!signals.Errors.Any(t => t.Template.Stack is { } s && !s.TopFrames.Any(f => Wording.Has(f, party))))
        {
            score += o.NoStackBonus;
            evidence.Add(new("no new stack trace points into our own code", signals.Errors.First().Source));
        }

        if (fromSomeOfOurs)
        {
            score *= options.Ranking.OwnSegmentDependencyFactor;
        }

        score = Math.Min(score, o.MaxScore);
        var who = scope.Origin is null ? "the service" : scope.Origin;
        var what = InfrastructureWords.Any(w => Wording.Has(party, w)) ? "The dependency" : "The third party";
        var statement = Wording.Inv($"{what} {party} is failing (timeouts/errors), so {who} fails for the requests that need it; our changes do not explain it");
        return new Hypothesis(statement, CauseKind.Dependency, null, score, Confidences.Of(score, options.Confidence), evidence) { Outside = outside };
    }

    public static Hypothesis? Security(Signals signals, ReasoningOptions options)
    {
        var o = options.Causes.Security;
        var evidence = new List<EvidenceItem>();
        var score = 0.0;
        var hits = signals.Templates.Select(t => (Term: Wording.FirstOf(" " + t.Text + " ", SecurityWords), Strong: true, t))
            .Concat(signals.Templates.Select(t => (Term: Wording.FirstOf(" " + t.Text + " ", WeakSecurityWords), Strong: false, t)))
            .Where(x => x.Term is not null).DistinctBy(x => x.t.Template.TemplateId).ToList();
        if (hits.Count > 0)
        {
            score = hits.Any(h => h.Strong) ? o.StrongWording : o.WeakWording;
            evidence.AddRange(hits.Take(3).Select(h => new EvidenceItem(Wording.Inv($"security signal ({h.Term!.Trim()}): \"{SignalReader.Shorten(h.t.Template.Template, 120)}\""), h.t.Source)));
            if (hits.Count > 1 || hits.Any(h => h.t.Template.IsSurging))
            {
                score += o.SeveralBonus;
            }
        }

        var alert = signals.Alerts.FirstOrDefault(a => Wording.FirstOf($" {a.Name} {a.Summary} {a.Description} ", SecurityWords) is not null);
        if (alert is not null)
        {
            score = Math.Max(score + o.AlertBonus, o.AlertFloor);
            evidence.Add(new(Wording.Inv($"alert {alert.Name}: {alert.Summary}"), alert.Source));
        }

        if (score > 0)
        {
            // Hostile traffic comes from outside: public addresses in the incident's new or surging lines.
            var ips = signals.Templates.SelectMany(t => Wording.PublicIps(t.Text).Select(ip => (ip, t))).ToList();
            if (ips.Count > 0)
            {
                score += o.PublicAddressBonus;
                evidence.Add(new(Wording.Inv($"from public addresses, e.g. {ips[0].ip}"), ips[0].t.Source));
            }
        }

        if (score <= 0)
        {
            return null;
        }

        score = Math.Min(score, o.MaxScore);
        return new Hypothesis("A security incident: hostile or unauthorised access explains the symptoms; contain it before restoring", CauseKind.Security, null, score, Confidences.Of(score, options.Confidence), evidence);
    }

    public static Hypothesis? DataIntegrity(Signals signals, IReadOnlyList<ChangeRecord> changes, ReasoningOptions options)
    {
        var o = options.Causes.Integrity;
        var evidence = new List<EvidenceItem>();
        var score = 0.0;
        var hits = signals.Templates.Select(t => (Term: Wording.FirstOf(t.Text, IntegrityWords), t)).Where(x => x.Term is not null).ToList();
        var weak = signals.Errors.Select(t => (Term: Wording.FirstOf(t.Text, WeakIntegrityWords), t))
            .Concat(signals.Templates.Select(t => (Term: Wording.FirstOf(t.Text, DeletionWords), t)))
            .Where(x => x.Term is not null).ToList();
        if (hits.Count > 0 || weak.Count > 0)
        {
            score = hits.Count > 0 ? o.StrongWording : o.WeakWording;
            evidence.AddRange(hits.Concat(weak).Take(3).Select(h => new EvidenceItem(Wording.Inv($"data-integrity signal ({h.Term}): \"{SignalReader.Shorten(h.t.Template.Template, 120)}\""), h.t.Source)));
        }

        var alert = signals.Alerts.FirstOrDefault(a => Wording.FirstOf($"{a.Name} {a.Summary} {a.Description}", IntegrityWords) is not null);
        if (alert is not null)
        {
            score = Math.Max(score + o.AlertBonus, o.AlertFloor);
            evidence.Add(new(Wording.Inv($"alert {alert.Name}: {alert.Summary}"), alert.Source));
        }

        var migration = changes.Where(c => c.Kind == ChangeKind.Migration && (signals.Onset is not { } on || c.At <= on + options.Changes.Tolerance))
            .OrderByDescending(c => c.At).FirstOrDefault();
        if (migration is not null && (score > 0 || migration.Reversible == false))
        {
            score = Math.Max(score, o.MigrationFloor) + o.MigrationBonus;
            evidence.Add(new(Wording.Inv($"migration {migration.Version ?? migration.Key ?? migration.Ref} ran at {Wording.Time(migration.At)}{(migration.Reversible == false ? " and is irreversible" : string.Empty)}"), migration.Source));
        }

        if (score <= 0)
        {
            return null;
        }

        score = Math.Min(score, o.MaxScore);
        return new Hypothesis("Data was corrupted or lost: records are wrong, missing or inconsistent", CauseKind.DataIntegrity, null, score, Confidences.Of(score, options.Confidence), evidence);
    }

    /// <summary>An expired (or not yet valid) certificate named by the errors: renew or rotate it (config-change).</summary>
    public static Hypothesis? Certificate(Signals signals, ReasoningOptions options)
    {
        var o = options.Causes.Certificate;
        var hits = signals.Errors.Select(t => (Term: Wording.FirstOf(t.Text, CertificateWords), t)).Where(x => x.Term is not null).ToList();
        if (hits.Count == 0)
        {
            return null;
        }

        var evidence = new List<EvidenceItem> { new(Wording.Inv($"errors say the certificate is invalid ({hits[0].Term}): \"{SignalReader.Shorten(hits[0].t.Template.Template, 120)}\""), hits[0].t.Source) };
        var score = o.Named;
        var warned = signals.Templates.Concat(AllTemplates(signals)).FirstOrDefault(t => !t.Error && Wording.FirstOf(t.Text, ["expires soon", "will expire", "expiring", "expires in"]) is not null);
        if (warned is not null)
        {
            score += o.AnnouncedBonus;
            evidence.Add(new(Wording.Inv($"it was announced before it expired: \"{SignalReader.Shorten(warned.Template.Template, 120)}\""), warned.Source));
        }

        if (signals.Errors.All(t => Wording.FirstOf(t.Text, CertificateWords) is not null || t.Template.Stack is null))
        {
            score += o.NoStackBonus;
            evidence.Add(new("no new stack trace points into our own code: the calls fail at the TLS handshake", hits[0].t.Source));
        }

        var host = Wording.UrlHosts(hits[0].t.Text).FirstOrDefault() ?? HostIn(hits[0].t.Text);
        var statement = Wording.Inv($"A certificate{(host is null ? string.Empty : " of " + host)} has expired or is not valid, so the TLS connections that need it fail; no change of ours explains it");
        return new Hypothesis(statement, CauseKind.Certificate, null, Math.Min(score, o.MaxScore), Confidences.Of(score, options.Confidence), evidence) { Outside = true };
    }

    /// <summary>A clock that stepped or drifted, named by the logs, with failures that depend on time (tokens, signatures).</summary>
    public static Hypothesis? ClockStep(Signals signals, ReasoningOptions options)
    {
        var o = options.Causes.Clock;
        var steps = signals.Templates.Select(t => (Term: Wording.FirstOf(t.Text, ClockWords), t)).Where(x => x.Term is not null).ToList();
        if (steps.Count == 0)
        {
            return null;
        }

        var evidence = steps.Take(3).Select(x => new EvidenceItem(Wording.Inv($"time signal ({x.Term}): \"{SignalReader.Shorten(x.t.Template.Template, 120)}\""), x.t.Source)).ToList();
        var score = o.Named;
        if (steps.Any(x => !x.t.Error) && steps.Any(x => x.t.Error))
        {
            // A host reports its clock jumped, and requests fail on time checks: the two halves of the mechanism.
            score += o.BothHalvesBonus;
        }

        return new Hypothesis("A clock step on some hosts makes time checks (tokens, signatures, expiries) fail; no change of ours explains it", CauseKind.ClockStep, null, score, Confidences.Of(score, options.Confidence), evidence) { Outside = true };
    }

    /// <summary>
    /// Our own code fails (stack traces into it) where no recent change touched it: new input or content reached an old code
    /// path. Leads only when nothing else explains the failure; fixed forward (hotfix) or by correcting the content.
    /// </summary>
    public static Hypothesis? Input(Signals signals, IReadOnlyList<ScoredChange> changes, ReasoningOptions options)
    {
        var traced = signals.Errors.Where(t => t.Template.Stack is { TopFrames.Count: > 0 }).ToList();
        if (traced.Count == 0 || changes.Any(c => !c.RuledOut && c.Text >= options.Changes.MechanismInError))
        {
            return null;
        }

        var first = traced[0];
        var evidence = new List<EvidenceItem>
        {
            new(Wording.Inv($"our code fails: {SignalReader.Shorten(first.Template.Stack!.ToString(), 140)}"), first.Source),
            new("no change in the window touched the code in these stack traces: the code is old, the input reaching it is new", first.Source),
        };
        return new Hypothesis("New input or content reaches an old code path that fails on it; no change explains it", CauseKind.Input, null, options.Causes.InputScore, Confidences.Of(options.Causes.InputScore, options.Confidence), evidence);
    }

    /// <summary>People see data that is not theirs (reports, alerts, lines): an exposure, taken on the security path whatever its trigger.</summary>
    public static Hypothesis? Exposure(Signals signals, ReasoningOptions options)
    {
        var o = options.Causes.Exposure;
        var evidence = new List<EvidenceItem>();
        var score = 0.0;
        foreach (var (text, source) in signals.Texts)
        {
            if (Wording.FirstOf(text, ExposureWords) is { } term)
            {
                score = score == 0 ? o.Named : Math.Min(score + o.FurtherSourceBonus, o.MaxScore);
                evidence.Add(new(Wording.Inv($"data shown to the wrong people ({term}): \"{SignalReader.Shorten(text, 140)}\""), source));
            }
        }

        return score <= 0 ? null : new Hypothesis("Data exposure: people are shown other people's data; stop the exposure first and keep the evidence", CauseKind.Security, null, score, Confidences.Of(score, options.Confidence), evidence);
    }

    private static IEnumerable<TemplateSignal> AllTemplates(Signals signals) => signals.Background;

    private static string? HostIn(string text) =>
        text.Split([' ', '(', ')', ','], StringSplitOptions.RemoveEmptyEntries).Select(t => t.Split(':')[0]).FirstOrDefault(t => t.Count(c => c == '.') >= 1 && t.Any(char.IsLetter) && !t.EndsWith('.') && t.Length > 4 && !t.Contains('/', StringComparison.Ordinal));

    public static Hypothesis Unknown(Signals signals, ReasoningOptions options, string? reason = null)
    {
        var needs = "unknown: needs deploy/config records near the onset, error logs with stack traces, or the dependency's status";
        var evidence = new List<EvidenceItem>
        {
            new(reason ?? (signals.Onset is null ? "no anomaly, new error template or firing alert was found in the evidence" : Wording.Inv($"symptoms since {Wording.Time(signals.Onset)} ({signals.OnsetBasis}), but no change or external cause explains them")), new SourceRef("evidence")),
        };
        var score = options.Causes.UnknownScore;
        return new Hypothesis("The cause is " + needs, CauseKind.Unknown, null, score, Confidences.Of(score, options.Confidence), evidence);
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
