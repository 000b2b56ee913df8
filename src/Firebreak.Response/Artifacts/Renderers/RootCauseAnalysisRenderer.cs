using Firebreak.Core;

namespace Firebreak.Response;

/// <summary>Renders root-cause-analysis.md: problem statement, an evidence-backed 5 Whys chain, validation and the fishbone.</summary>
public static class RootCauseAnalysisRenderer
{
    /// <summary>The artifact's path inside the incident folder.</summary>
    public const string Path = "root-cause-analysis.md";

    /// <summary>Renders the analysis.</summary>
    public static string Render(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var doc = new MarkdownDoc();
        doc.Heading(1, $"Root Cause Analysis: {f.Id}");
        Body(doc, f, 2);
        if (f.D.Guidance.ComprehensiveDocumentation)
        {
            doc.Heading(2, "Learning Notes");
            doc.Line("Added because the guidance asked for comprehensive documentation.");
            doc.Bullet("Each \"Because\" above is a claim with its source; a level marked unknown names the evidence that would settle it. Do not fill those gaps from memory: collect the evidence.");
            doc.Bullet("The chain runs from what users saw to the change or condition that started it; the last level is the one a preventive action can fix.");
            doc.Bullet("Contributing factors are not causes on their own: they made the incident more likely, larger or longer.");
        }

        return doc.ToString();
    }

    /// <summary>Writes the 5 Whys and the fishbone at the given heading level (shared with the post-incident review).</summary>
    public static void Body(MarkdownDoc doc, DossierFacts f, int level)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(f);
        var rca = f.D.RootCause;
        doc.Heading(level, "5 Whys Analysis");
        doc.Field("Problem Statement", rca.Whys.ProblemStatement);
        doc.Blank();
        var whys = rca.Whys.Levels;
        for (var i = 0; i < whys.Count; i++)
        {
            var why = whys[i];
            if (why.IsNotReached)
            {
                doc.Line($"{i + 1}. **Not reached**");
                doc.Line($"   - Resolve {why.Because}.");
                continue;
            }

            doc.Line($"{i + 1}. **{why.Question}**");
            doc.Line(why.Supported
                ? $"   - Because {why.Because}"
                : $"   - Unknown — would need {why.Because}" + (why.Known is null ? string.Empty : $"; what is known: {why.Known}"));
        }

        doc.Blank();
        doc.Field("Trigger", f.Trigger is { } trigger ? Md.Safe(trigger) + (f.Suspected?.Change is { } c ? " " + Md.Cite(c.Source) : string.Empty) : "none: no change explains the evidence");
        doc.Field("Root Cause", f.RootCauseSentence);
        if (rca.Whys.Link is { } link)
        {
            doc.Field("Where", $"{Md.Code(link.Location)} ({Md.Code(link.Symbol)}; the failing frame is {Md.Quote(link.Frame)}{(link.LogSource is { } log ? " " + Md.Cite(log) : string.Empty)})");
        }

        doc.Field("Validation", Validation(f));

        if (rca.Whys.LetThrough.Count > 0)
        {
            doc.Heading(level, "Why the System Let It Through");
            doc.Bullets(rca.Whys.LetThrough, "none");
        }

        doc.Heading(level, "Contributing Factors");
        var bone = f.D.ContributingFactors;
        doc.Field("Problem", Md.Safe(f.Title));
        void Category(string name, IReadOnlyList<string> items)
        {
            doc.Heading(level + 1, name);
            doc.Bullets(items, $"no {name.ToLowerInvariant()} factor found in the evidence");
        }

        Category("People", bone.People);
        Category("Process", bone.Process);
        Category("Technology", bone.Technology);
        Category("Environment", bone.Environment);
        doc.Blank();
        doc.Field("Primary Root Cause", f.RootCauseSentence);
        var key = bone.Key(4);
        doc.Field("Contributing Factors", key.Count > 0 ? $"{key.Count} key factor(s): see the categories above" : "none identified from the evidence");
        doc.Fence("mermaid", Diagram(f, bone));
    }

    /// <summary>How the root cause is confirmed (step 5's test), and the mitigation's validation result when it ran.</summary>
    public static string Validation(DossierFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var result = f.D.Outcome.Verdict is { } verdict
            ? $" Result: {WireNames.Of(verdict)}" + (f.D.Outcome.ValidationEvidence.Count > 0 ? " — " + string.Join("; ", f.D.Outcome.ValidationEvidence.Select(Md.Cited)) : string.Empty) + "."
            : " Result: not yet validated (mitigation not executed).";
        return f.D.RootCause.Whys.ValidationTest + "." + result;
    }

    private static IEnumerable<string> Diagram(DossierFacts f, RcaFishbone bone)
    {
        yield return "flowchart LR";
        yield return $"    problem[\"{Md.Mermaid(f.Title)}\"]";
        var groups = new (string Id, string Name, IReadOnlyList<string> Items)[]
        {
            ("people", "People", bone.People), ("process", "Process", bone.Process),
            ("technology", "Technology", bone.Technology), ("environment", "Environment", bone.Environment),
        };
        foreach (var (id, name, items) in groups)
        {
            yield return $"    {id}([\"{name}\"]) --> problem";
            var i = 0;
            foreach (var item in items.Take(4))
            {
                i++;
                yield return $"    {id}{i}[\"{Md.Mermaid(StripCitations(item), 50)}\"] --> {id}";
            }

            if (i == 0)
            {
                yield return $"    {id}0[\"none found in the evidence\"] --> {id}";
            }
        }
    }

    private static string StripCitations(string text)
    {
        var i = text.IndexOf(" [", StringComparison.Ordinal);
        return i > 0 ? text[..i] : text;
    }
}
