using Firebreak.Core;

namespace Firebreak.Evidence;

/// <summary>Builds each strategy's plan: concrete steps, runbook steps cited, how to undo the mitigation, and the options rejected.</summary>
internal static class Plans
{
    private const string UnknownVersion = "unknown (needs the previous deploy record)";

    private static readonly Dictionary<MitigationStrategy, string[]> RunbookWords = new()
    {
        [MitigationStrategy.Rollback] = ["roll back", "rollback", "revert", "previous version"],
        [MitigationStrategy.Hotfix] = ["hotfix", "fix forward", "patch", "roll forward"],
        [MitigationStrategy.ConfigChange] = ["flag", "config", "disable", "kill switch", "rotate", "revoke", "block"],
        [MitigationStrategy.Workaround] = ["backup", "fail over", "failover", "switch", "fallback", "degrade", "route", "flag", "restart"],
        [MitigationStrategy.Scaling] = ["scale", "replica", "capacity", "pool size", "add ", "instances"],
    };

    public static MitigationPlan Rollback(PlanContext c, Hypothesis cause, ChangeRecord change, string why)
    {
        var component = change.Component ?? c.Diagnosis.OriginComponent;
        var previous = PreviousVersion(c.Evidence, change);
        var runbook = RunbookFor(c, MitigationStrategy.Rollback);
        var current = change.Version ?? change.Commit ?? change.Ref;
        var steps = new List<string>();
        Forensics(c, steps);
        steps.Add(change.Kind == ChangeKind.Migration
            ? Wording.Inv($"Run the down-migration of {change.Version ?? change.Ref} on {component ?? "the database"}")
            : Wording.Inv($"Roll back {component ?? "the component"} from {current} to {previous}{Command(c, MitigationStrategy.Rollback, component, previous)}"));
        steps.AddRange(RunbookSteps(runbook));
        steps.Add(Wording.Inv($"Watch the error ratio and latency of {component ?? "the service"} for the validation window ({Wording.Span(c.Evidence.Config.Mitigation.ValidationWindow)}); expect them back at baseline"));
        steps.Add(Wording.Inv($"Freeze further deploys of {component ?? "the component"} until the defect is fixed and reviewed"));
        var undo = new List<string>
        {
            Wording.Inv($"If the rollback makes things worse, redeploy {current} of {component ?? "the component"} (the version running now)"),
            "Escalate to the component owner to prepare a hotfix instead",
        };
        var rejected = new List<(MitigationStrategy, string)>
        {
            (MitigationStrategy.Hotfix, "slower (30 min to 2 h) and riskier than returning to the known-good version"),
            (MitigationStrategy.ConfigChange, "no configuration or flag change is implicated"),
            (MitigationStrategy.Workaround, "the cause is ours and can be undone directly"),
            (MitigationStrategy.Scaling, "no load increase or saturation explains the failures"),
        };
        return Plan(MitigationStrategy.Rollback, Wording.Inv($"Roll back: {why}. {cause.Statement}."), steps, undo, component,
            change.Kind == ChangeKind.Migration ? change.Version : previous, cause, rejected, runbook);
    }

    public static MitigationPlan Hotfix(PlanContext c, Hypothesis? cause, ChangeRecord? change, string why)
    {
        var component = change?.Component ?? c.Diagnosis.OriginComponent;
        var runbook = RunbookFor(c, MitigationStrategy.Hotfix);
        var steps = new List<string>();
        Forensics(c, steps);
        var killSwitch = c.Evidence.Changes.FirstOrDefault(x => x.Kind == ChangeKind.FeatureFlag && ComponentGraph.Same(x.Component, component));
        if (killSwitch is not null)
        {
            steps.Add(Wording.Inv($"Meanwhile, limit the harm: turn off flag {killSwitch.Key ?? killSwitch.Ref} if it gates the failing path"));
        }

        steps.Add(Wording.Inv($"Do not roll back {component ?? "the component"}: {why}"));
        steps.Add(Wording.Inv($"Create branch hotfix/{c.Diagnosis.OriginComponent ?? "incident"} from the running version{(change?.Commit is { } sha ? " (" + sha + ")" : string.Empty)} and fix the defect the stack traces point to"));
        if (c.Diagnosis.Category == IncidentCategory.DataIntegrity || change?.Kind == ChangeKind.Migration)
        {
            DataFirst(steps);
        }

        steps.Add(Wording.Inv($"Review, test and deploy the hotfix to {component ?? "the component"}{Command(c, MitigationStrategy.Hotfix, component, "hotfix")}"));
        steps.AddRange(RunbookSteps(runbook));
        steps.Add("Watch the error ratio and latency for the validation window; expect them back at baseline");
        var undo = new List<string>
        {
            Wording.Inv($"If the hotfix fails, redeploy the version running now ({change?.Version ?? change?.Commit ?? "the current version"}); never roll back past the irreversible step"),
        };
        var rejected = new List<(MitigationStrategy, string)>
        {
            (MitigationStrategy.Rollback, why),
            (MitigationStrategy.ConfigChange, "no setting or flag reverses the defect"),
            (MitigationStrategy.Workaround, "users would keep hitting the defect"),
            (MitigationStrategy.Scaling, "more capacity does not fix a defect"),
        };
        return Plan(MitigationStrategy.Hotfix, Wording.Inv($"Hotfix: {why}. {cause?.Statement ?? "Cause unknown"}."), steps, undo, component, change?.Version, cause, rejected, runbook);
    }

    public static MitigationPlan Revert(PlanContext c, Hypothesis cause, ChangeRecord change)
    {
        var component = change.Component ?? c.Diagnosis.OriginComponent;
        var runbook = RunbookFor(c, MitigationStrategy.ConfigChange);
        var key = change.Key ?? change.Ref;
        var back = change.OldValue ?? change.PreviousVersion ?? (change.Key is null ? "the previous version (unknown: needs the record's previous version)" : "its previous value (unknown: needs the record's old value)");
        var steps = new List<string>();
        Forensics(c, steps);
        steps.Add(change.Kind == ChangeKind.Deploy
            ? Wording.Inv($"Revert the content push on {component ?? "the component"} ({change.Description}) to the previous content{Command(c, MitigationStrategy.ConfigChange, component, back)}")
            : change.Key is null && change.OldValue is null
                ? Wording.Inv($"Revert the {WireNames.Of(change.Kind)} change on {component ?? "the service"} ({change.Description}) to {back}{Command(c, MitigationStrategy.ConfigChange, component, back)}")
                : Wording.Inv($"Set {key} back from {change.NewValue ?? "its new value"} to {back} on {component ?? "the service"}{Command(c, MitigationStrategy.ConfigChange, component, back)}"));
        if (c.Diagnosis.Facts.DataLoss)
        {
            DataFirst(steps);
        }

        steps.AddRange(RunbookSteps(runbook));
        steps.Add(Wording.Inv($"Watch the symptoms for the validation window ({Wording.Span(c.Evidence.Config.Mitigation.ValidationWindow)}); expect them back at baseline"));
        var undo = new List<string> { Wording.Inv($"If reverting makes things worse, set {key} back to {change.NewValue ?? "the value it had before the mitigation"}") };
        var rejected = new List<(MitigationStrategy, string)>
        {
            (MitigationStrategy.Rollback, "no code deploy is to blame; a redeploy would not undo the setting"),
            (MitigationStrategy.Hotfix, "a setting reverts in minutes; no code needs to change"),
            (MitigationStrategy.Workaround, "the cause is ours and can be reverted directly"),
            (MitigationStrategy.Scaling, "no load increase explains the failures"),
        };
        return Plan(MitigationStrategy.ConfigChange, Wording.Inv($"Config change: revert the {WireNames.Of(change.Kind)} change that triggered the incident. {cause.Statement}."),
            steps, undo, component, back, cause, rejected, runbook);
    }

    public static MitigationPlan ScaleBack(PlanContext c, Hypothesis cause, ChangeRecord change)
    {
        var component = change.Component ?? c.Diagnosis.OriginComponent;
        var runbook = RunbookFor(c, MitigationStrategy.Scaling);
        var steps = new List<string>
        {
            Wording.Inv($"Restore the capacity the infra change removed on {component ?? "the service"} ({change.Description}): back to {change.OldValue ?? change.PreviousVersion ?? "the previous size (unknown: needs the record's old value)"}{Command(c, MitigationStrategy.Scaling, component, change.OldValue ?? string.Empty)}"),
        };
        steps.AddRange(RunbookSteps(runbook));
        steps.Add("Watch saturation, latency and errors for the validation window");
        var rejected = new List<(MitigationStrategy, string)>
        {
            (MitigationStrategy.Rollback, "no code deploy is to blame"),
            (MitigationStrategy.ConfigChange, "the capacity itself must come back"),
            (MitigationStrategy.Hotfix, "no code defect"),
            (MitigationStrategy.Workaround, "the cause is ours and can be undone directly"),
        };
        return Plan(MitigationStrategy.Scaling, Wording.Inv($"Scaling: the infra change reduced capacity. {cause.Statement}."), steps,
            [Wording.Inv($"Scale back to {change.NewValue ?? "the current size"} once the cause is understood")], component, change.OldValue, cause, rejected, runbook);
    }

    public static MitigationPlan Scale(PlanContext c, Hypothesis cause)
    {
        var target = c.Diagnosis.OriginComponent;
        var runbook = RunbookFor(c, MitigationStrategy.Scaling);
        var steps = new List<string>
        {
            Wording.Inv($"Add capacity to {target ?? "the saturated component"} (replicas, pool size, instances){Command(c, MitigationStrategy.Scaling, target, "+2")}"),
        };
        steps.AddRange(RunbookSteps(runbook));
        foreach (var other in c.Diagnosis.CollateralComponents)
        {
            steps.Add(Wording.Inv($"Shed or rate-limit non-essential load on {other} until {target} recovers"));
        }

        steps.Add("Watch saturation, latency and error ratio for the validation window; expect them under the SLO");
        var undo = new List<string> { Wording.Inv($"Scale {target ?? "the component"} back down once traffic returns to its baseline (avoid the extra cost)") };
        var rejected = new List<(MitigationStrategy, string)>
        {
            (MitigationStrategy.Rollback, "no change explains the incident: the load did, and rolling back would not add capacity"),
            (MitigationStrategy.Hotfix, "no code defect is implicated"),
            (MitigationStrategy.ConfigChange, "raising limits alone would move the bottleneck; capacity must grow (a rate limit is a fallback)"),
            (MitigationStrategy.Workaround, "users would keep failing until capacity matches the load"),
        };
        return Plan(MitigationStrategy.Scaling, Wording.Inv($"Scaling: {cause.Statement}."), steps, undo, target, null, cause, rejected, runbook);
    }

    public static MitigationPlan Workaround(PlanContext c, Hypothesis? cause, bool dependency)
    {
        var target = c.Diagnosis.OriginComponent;
        var runbook = RunbookFor(c, MitigationStrategy.Workaround);
        var steps = new List<string>();
        Forensics(c, steps);
        steps.AddRange(RunbookSteps(runbook));
        if (dependency)
        {
            steps.Add(Wording.Inv($"Route {target ?? "the affected feature"} around the failing dependency: fail over to a backup provider if one exists, else degrade gracefully (queue, retry later, clear message to users)"));
            steps.Add("Open a ticket with the provider and follow its status page; record its incident id in the timeline");
            steps.Add("Tell support which users are affected and what to suggest meanwhile");
        }
        else
        {
            steps.Add(Wording.Inv($"Relieve {target ?? "the affected component"}: a rolling restart of its instances if a resource leak or stuck state is suspected; disable the failing feature if it can be switched off"));
            steps.Add("Collect the missing evidence (deploy/config records, stack traces, dependency status) to confirm the cause");
        }

        steps.Add("Watch the error ratio and latency for the validation window");
        var undo = new List<string>
        {
            dependency
                ? "When the dependency recovers (its status page and our error ratio both back to normal), switch back to the primary path"
                : "Undo the workaround (re-enable the feature) once the cause is fixed",
        };
        var rejected = new List<(MitigationStrategy, string)>
        {
            (MitigationStrategy.Rollback, dependency ? "our changes are not to blame: rolling back would not fix the third party" : "no change is implicated strongly enough to roll back"),
            (MitigationStrategy.Hotfix, dependency ? "the defect is not in our code" : "the defect is not located yet"),
            (MitigationStrategy.ConfigChange, runbook is null ? "no setting is known to stop the harm" : "covered by the runbook's switch where it has one"),
            (MitigationStrategy.Scaling, "more capacity does not help a failing dependency or an unexplained fault"),
        };
        var why = dependency ? "the cause is outside our control; route around it" : "the cause is not established; relieve users while evidence is gathered";
        return Plan(MitigationStrategy.Workaround, Wording.Inv($"Workaround: {why}. {cause?.Statement ?? "Cause unknown"}."), steps, undo, target, null, cause, rejected, runbook);
    }

    /// <summary>Data first: stop the damage, keep the damaged store as it is, serve from a healthy copy, then restore and reconcile.</summary>
    private static void DataFirst(List<string> steps)
    {
        steps.Add("Stop or fence the writes that damage data (pause the writers or jobs; fence the node that should not accept writes)");
        steps.Add("Keep the damaged store untouched: snapshot it read-only before any repair; no scaling, restart or rollback that would discard its state");
        steps.Add("Serve from a healthy copy where one exists (fail over to the replica that holds the good data)");
        steps.Add("Restore the lost or damaged records from backup or point-in-time recovery, then reconcile them against the audit log and tell the data owners");
    }

    /// <summary>Config change for an expired or invalid certificate: renew or rotate it and reload what serves it.</summary>
    public static MitigationPlan Renew(PlanContext c, Hypothesis cause)
    {
        var target = c.Diagnosis.OriginComponent;
        var runbook = RunbookFor(c, MitigationStrategy.ConfigChange);
        var steps = new List<string>
        {
            "Renew (or re-issue) the expired certificate named in the errors and install it where it is served; reload the listener so it takes the new one",
            Wording.Inv($"If renewal takes time, point {target ?? "the callers"} at an endpoint with a valid certificate; never turn certificate checks off"),
        };
        steps.AddRange(RunbookSteps(runbook));
        steps.Add("Check the handshake with the new certificate (its notAfter date) and watch the error ratio for the validation window");
        var rejected = new List<(MitigationStrategy, string)>
        {
            (MitigationStrategy.Rollback, "no change of ours is to blame; a rollback keeps the expired certificate"),
            (MitigationStrategy.Hotfix, "no code defect: the certificate's validity ended"),
            (MitigationStrategy.Workaround, "renewing is as fast as any workaround and fixes the cause"),
            (MitigationStrategy.Scaling, "more instances present the same expired certificate"),
        };
        return Plan(MitigationStrategy.ConfigChange, Wording.Inv($"Config change: renew the certificate. {cause.Statement}."), steps,
            ["If the new certificate is rejected, install the previous chain again and escalate to whoever issues certificates"], target, null, cause, rejected, runbook);
    }

    /// <summary>Workaround for a clock step: take the hosts out, resynchronise their clocks, put them back.</summary>
    public static MitigationPlan ResyncClock(PlanContext c, Hypothesis cause)
    {
        var target = c.Diagnosis.OriginComponent;
        var runbook = RunbookFor(c, MitigationStrategy.Workaround);
        var steps = new List<string>
        {
            "Take the hosts whose clocks stepped out of rotation (the logs name them) so no new request reaches them",
            "Resynchronise their clocks with a trusted time source (step once, then let the time daemon slew) and check the offset is below a second",
            "Put them back in rotation; users who were logged out sign in again",
        };
        steps.AddRange(RunbookSteps(runbook));
        steps.Add("Watch the error ratio for the validation window; expect it back at baseline");
        var rejected = new List<(MitigationStrategy, string)>
        {
            (MitigationStrategy.Rollback, "no change of ours is to blame; a rollback keeps the wrong clocks"),
            (MitigationStrategy.Hotfix, "widening time tolerances in code would hide the fault"),
            (MitigationStrategy.ConfigChange, "no setting of ours moved the clocks"),
            (MitigationStrategy.Scaling, "more hosts do not fix the hosts with the wrong time"),
        };
        return Plan(MitigationStrategy.Workaround, Wording.Inv($"Workaround: drain the hosts with the wrong time and resynchronise them. {cause.Statement}."), steps,
            ["Put the drained hosts back once their clocks are verified"], target, null, cause, rejected, runbook);
    }

    public static MitigationPlan Contain(PlanContext c)
    {
        var target = c.Diagnosis.OriginComponent;
        var runbook = RunbookFor(c, MitigationStrategy.ConfigChange);
        var security = c.Diagnosis.Hypotheses.FirstOrDefault(h => h.Cause == CauseKind.Security) ?? c.Diagnosis.Leading;
        var ips = c.Diagnosis.Symptoms.Concat(security?.Evidence ?? []).SelectMany(e => Wording.PublicIps(e.Text)).Distinct(StringComparer.Ordinal).Take(10).ToList();
        var steps = new List<string>
        {
            "Preserve evidence first: snapshot the logs, access records and affected hosts (read-only copies with checksums) before changing anything",
            "Revoke and rotate the credentials, API keys or tokens involved; force re-authentication of the affected accounts",
            ips.Count > 0 ? "Block the offending source addresses at the edge: " + string.Join(", ", ips) : "Block the offending sources at the edge (WAF/firewall) once identified from the access logs",
            Wording.Inv($"Tighten {target ?? "the targeted endpoint"}: rate-limit authentication, require MFA/captcha, disable the exposed access path"),
        };
        if (c.Diagnosis.Suspected?.Change is { } change)
        {
            steps.Add(Wording.Inv($"Revert {ChangeScorer.Describe(change)}, which opened the exposure"));
        }

        steps.AddRange(RunbookSteps(runbook));
        steps.Add("Engage the security team and legal; assess what data was accessed for breach notification");
        var undo = new List<string> { "Unblock addresses or restore access paths only after the security team confirms containment; rotated credentials stay rotated" };
        var rejected = new List<(MitigationStrategy, string)>
        {
            (MitigationStrategy.Rollback, "a rollback would destroy forensic state and does not revoke access already gained"),
            (MitigationStrategy.Hotfix, "containment comes first; code fixes follow the forensic analysis"),
            (MitigationStrategy.Workaround, "users' data stays exposed while working around"),
            (MitigationStrategy.Scaling, "absorbing hostile traffic does not stop it"),
        };
        return Plan(MitigationStrategy.ConfigChange, "Config change to contain a security incident: preserve evidence, revoke/rotate credentials, block the sources.",
            steps, undo, target, null, security, rejected, runbook);
    }

    private static MitigationPlan Plan(
        MitigationStrategy strategy, string rationale, List<string> steps, List<string> undo, string? component, string? version,
        Hypothesis? cause, List<(MitigationStrategy, string)> rejected, RunbookMatch? runbook)
    {
        var evidence = new List<EvidenceItem>();
        if (cause is not null)
        {
            evidence.AddRange(cause.Evidence.Take(6));
        }

        if (runbook is not null)
        {
            evidence.Add(new(Wording.Inv($"runbook \"{runbook.Runbook.Title}\" matches ({string.Join(", ", runbook.MatchedTerms.Take(6))})"), new SourceRef(runbook.Runbook.Path)));
        }

        return new MitigationPlan(strategy, rationale, steps, undo, component, version, evidence) { Rejected = rejected, Runbook = runbook };
    }

    private static void Forensics(PlanContext c, List<string> steps)
    {
        if (c.Guidance.PreserveForensics || c.Guidance.Security || c.Diagnosis.Facts.DataLoss)
        {
            steps.Add("Preserve evidence first: copy logs, metrics and affected data read-only before any change");
        }
    }

    /// <summary>The previous deploy's version of the change's component, else the record's previous version.</summary>
    public static string PreviousVersion(EvidenceBundle evidence, ChangeRecord change)
    {
        if (!string.IsNullOrWhiteSpace(change.PreviousVersion))
        {
            return change.PreviousVersion;
        }

        var previous = evidence.Changes
            .Where(d => d.Kind == ChangeKind.Deploy && ComponentGraph.Same(d.Component, change.Component) && d.At < change.At && d.Version is not null && d.Version != change.Version)
            .OrderByDescending(d => d.At)
            .FirstOrDefault();
        return previous?.Version ?? UnknownVersion;
    }

    private static string Command(PlanContext c, MitigationStrategy strategy, string? component, string? version)
    {
        if (!c.Evidence.Config.Mitigation.Commands.TryGetValue(strategy, out var template) || template.Count == 0)
        {
            return string.Empty;
        }

        var needsVersion = template.Any(a => a.Contains("{version}", StringComparison.Ordinal));
        if ((needsVersion && (version is null || version.StartsWith("unknown", StringComparison.Ordinal))) || (component is null && template.Any(a => a.Contains("{component}", StringComparison.Ordinal))))
        {
            // Never show a runnable command with a guessed argument.
            return " (configured command: `" + string.Join(' ', template) + "`, once the missing value is known)";
        }

        var args = template.Select(a => a.Replace("{component}", component ?? "unknown", StringComparison.Ordinal)
            .Replace("{version}", version ?? "unknown", StringComparison.Ordinal));
        return " (`" + string.Join(' ', args) + "`)";
    }

    private static RunbookMatch? RunbookFor(PlanContext c, MitigationStrategy strategy) =>
        c.Diagnosis.Runbooks.FirstOrDefault(r => RunbookWords[strategy].Any(w => Wording.Has(r.Runbook.Text, w)))
        ?? (strategy == MitigationStrategy.Workaround ? c.Diagnosis.Runbooks.FirstOrDefault() : null);

    private static IEnumerable<string> RunbookSteps(RunbookMatch? runbook)
    {
        if (runbook is null)
        {
            return [];
        }

        var steps = runbook.Runbook.Steps.Count > 0
            ? runbook.Runbook.Steps
            : runbook.Runbook.Text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        return steps.Take(6).Select(s => Wording.Inv($"{s.TrimStart('-', '*', ' ')} (runbook {runbook.Runbook.Path})"));
    }
}
