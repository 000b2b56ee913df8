namespace Firebreak.Core.Tests;

public sealed class RecurrenceMatcherTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static CauseRecorded Cause(DateTimeOffset at, string? component, string kind, string statement) =>
        new(at, "incident-responder", component, kind, statement, CauseSignature.KeyTerms(statement));

    [Fact]
    public void KeyTerms_DropsStopWordsShortWordsAndTokensWithDigits()
    {
        CauseSignature.KeyTerms("The deploy of checkout-api 3.8.0 (21b961e) caused a NullReferenceException in PriceCalculator.Apply")
            .ShouldBe(["checkout-api", "deploy", "nullreferenceexception", "pricecalculator.apply"]);
    }

    [Fact]
    public void Jaccard_SharedOverUnion()
    {
        var a = new HashSet<string> { "deploy", "pricing", "null" };
        var b = new HashSet<string> { "deploy", "pricing", "timeout" };

        CauseSignature.Jaccard(a, b).ShouldBe(0.5);
        CauseSignature.Jaccard(new HashSet<string>(), new HashSet<string>()).ShouldBe(0);
    }

    [Fact]
    public void Match_SameComponentKindAndSimilarTerms_LinksTheEarlierIncident()
    {
        var earlier = Cause(T0, "checkout-api", "change:deploy", "deploy 3.8.0 of checkout-api introduced a NullReferenceException in PriceCalculator.Apply");
        var now = Cause(T0.AddDays(30), "checkout-api", "change:deploy", "deploy 3.9.1 of checkout-api introduced a NullReferenceException in PriceCalculator.Apply");

        var match = RecurrenceMatcher.Match("INC-2", now, [new PastCause("INC-1", earlier)], RecurrenceOptions.Default);

        match.ShouldNotBeNull();
        match.EarlierIncident.ShouldBe("INC-1");
        match.Similarity.ShouldBe(1.0);
        match.SharedTerms.ShouldContain("pricecalculator.apply");
    }

    [Fact]
    public void Match_OutsideTheWindow_OtherComponentOtherKindOrDissimilar_None()
    {
        var now = Cause(T0.AddDays(100), "checkout-api", "change:deploy", "deploy introduced a NullReferenceException in PriceCalculator.Apply");
        PastCause[] earlier =
        [
            new("INC-1", Cause(T0, "checkout-api", "change:deploy", "deploy introduced a NullReferenceException in PriceCalculator.Apply")),
            new("INC-2", Cause(T0.AddDays(95), "payments-api", "change:deploy", "deploy introduced a NullReferenceException in PriceCalculator.Apply")),
            new("INC-3", Cause(T0.AddDays(95), "checkout-api", "change:config", "deploy introduced a NullReferenceException in PriceCalculator.Apply")),
            new("INC-4", Cause(T0.AddDays(95), "checkout-api", "change:deploy", "connection pool exhausted under load")),
            new("INC-5", Cause(T0.AddDays(101), "checkout-api", "change:deploy", "deploy introduced a NullReferenceException in PriceCalculator.Apply")),
        ];

        RecurrenceMatcher.Match("INC-9", now, earlier, RecurrenceOptions.Default).ShouldBeNull();
    }

    [Fact]
    public void Match_ThresholdAndWindowAreOptions()
    {
        var earlier = Cause(T0, "checkout-api", "capacity", "connection pool exhausted under checkout load");
        var now = Cause(T0.AddDays(120), "checkout-api", "capacity", "connection pool exhausted during payment retries");
        var past = new[] { new PastCause("INC-1", earlier) };

        RecurrenceMatcher.Match("INC-2", now, past, RecurrenceOptions.Default).ShouldBeNull();
        var loose = new RecurrenceOptions { Window = TimeSpan.FromDays(180), SimilarityThreshold = 0.3 };
        RecurrenceMatcher.Match("INC-2", now, past, loose).ShouldNotBeNull().Similarity.ShouldBe(3.0 / 8, 1e-9);
    }

    [Fact]
    public void Match_UnknownComponentOrSameIncident_None()
    {
        var earlier = Cause(T0, null, "capacity", "connection pool exhausted");
        var now = Cause(T0.AddDays(1), null, "capacity", "connection pool exhausted");

        RecurrenceMatcher.Match("INC-2", now, [new PastCause("INC-1", earlier)], RecurrenceOptions.Default).ShouldBeNull();
        var mine = Cause(T0, "db", "capacity", "connection pool exhausted");
        RecurrenceMatcher.Match("INC-1", mine with { At = T0.AddHours(1) }, [new PastCause("INC-1", mine)], RecurrenceOptions.Default).ShouldBeNull();
    }

    [Fact]
    public void Match_SeveralMatches_MostSimilarThenMostRecent()
    {
        var now = Cause(T0.AddDays(10), "db", "capacity", "connection pool exhausted under load");
        PastCause[] earlier =
        [
            new("INC-1", Cause(T0, "db", "capacity", "connection pool exhausted under load")),
            new("INC-2", Cause(T0.AddDays(5), "db", "capacity", "connection pool exhausted under load")),
            new("INC-3", Cause(T0.AddDays(8), "db", "capacity", "connection pool exhausted under heavy load")),
        ];

        RecurrenceMatcher.Match("INC-4", now, earlier, RecurrenceOptions.Default)!.EarlierIncident.ShouldBe("INC-2");
    }
}
