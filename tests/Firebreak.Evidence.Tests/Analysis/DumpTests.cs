namespace Firebreak.Evidence.Tests;

public sealed class DumpTests
{
    [Fact]
    public void Dump()
    {
        var sb = new System.Text.StringBuilder();
        foreach (var k in IncidentKinds.All)
        {
            var (d, p) = k.Build().Respond(k.Guidance);
            sb.AppendLine($"=== {k.Name}: {d.Category} origin={d.OriginComponent} collateral=[{string.Join(",", d.CollateralComponents)}] affected=[{string.Join(",", d.AffectedComponents)}] onset={d.Onset}");
            foreach (var h in d.Hypotheses) { sb.AppendLine($"  H {h.Cause} {h.Score:0.00} {h.Confidence} ref={h.Change?.Ref} :: {h.Statement}"); foreach (var e in h.Evidence) sb.AppendLine($"      - {e.Text} [{e.Source}]"); }
            var f = d.Facts;
            sb.AppendLine($"  F ratio={f.AffectedUserRatio} outage={f.CompleteOutage} severe={f.SevereDegradation} crit={f.CriticalComponentUnavailable} trend={f.Trend} budget={f.BudgetExhaustedIn} slo={f.SloViolated} rev={f.RevenueImpact} sec={f.SecurityBreach} dl={f.DataLoss}");
            foreach (var r in d.Runbooks) sb.AppendLine($"  R {r.Runbook.Path} {r.Score} {string.Join(",", r.MatchedTerms)}");
            sb.AppendLine($"  M {p.Strategy} {p.TargetComponent} {p.TargetVersion} :: {p.Rationale}");
            foreach (var s in p.Steps) sb.AppendLine($"      * {s}");
        }
        File.WriteAllText("/tmp/reasoning-dump.txt", sb.ToString());
    }
}
