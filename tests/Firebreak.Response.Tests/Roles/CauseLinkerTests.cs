using Firebreak.Core;
using Firebreak.Evidence;

namespace Firebreak.Response.Tests;

public sealed class CauseLinkerTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 19, 0, 0, TimeSpan.Zero);

    private static ChangeRecord Change(params string[] files) =>
        new(ChangeKind.Deploy, At, "checkout-api", "abc123", "checkout-api 3.8.0", new SourceRef("deploys.jsonl", 3)) { Files = files };

    private static LogTemplateSummary Pattern(params string[] frames) =>
        new(1, "Unhandled exception <*>", "ERROR", "checkout-api", 10, At, At, At, true, false,
            new StackSignature("System.NullReferenceException", frames), [new SourceRef("logs/api.log", 42)]);

    [Fact]
    public void Link_FileNamedAsTheFramesType_LinksFileSymbolAndLine()
    {
        var change = Change("src/checkout/PriceCalculator.cs", "README.md") with
        {
            Hunks = [new ChangedHunk("src/checkout/PriceCalculator.cs", 17, 1, "class PriceCalculator", ["decimal Apply(Cart c) => c.Total - c.Loyalty.Discount;"])],
        };

        var link = CauseLinker.Link(change, Pattern("Shop.Checkout.PriceCalculator.Apply")).ShouldNotBeNull();

        link.Location.ShouldBe("src/checkout/PriceCalculator.cs:17");
        link.Symbol.ShouldBe("PriceCalculator.Apply");
        link.LogSource.ShouldBe(new SourceRef("logs/api.log", 42));
    }

    [Fact]
    public void Link_FileNameOnlySharesASubstring_NoLink()
    {
        var change = Change("src/checkout/Price.cs", "src/checkout/PriceCalculatorTests.cs");

        CauseLinker.Link(change, Pattern("Shop.Checkout.PriceCalculator.Apply")).ShouldBeNull();
    }

    [Fact]
    public void Link_HunkInAnotherMethod_FileOnlyWithoutLine()
    {
        var change = Change("src/checkout/PriceCalculator.cs") with
        {
            Hunks = [new ChangedHunk("src/checkout/PriceCalculator.cs", 40, 1, "decimal Tax(Cart c)", ["return ApplyRate(c);"])],
        };

        var link = CauseLinker.Link(change, Pattern("Shop.Checkout.PriceCalculator.Apply")).ShouldNotBeNull();

        link.Hunk.ShouldBeNull();
        link.Location.ShouldBe("src/checkout/PriceCalculator.cs");
    }

    [Fact]
    public void Link_FrameNamesFileAndLine_LocationFromTheTrace()
    {
        var link = CauseLinker.Link(Change("src/checkout/PaymentService.cs"), Pattern("Shop.Checkout.PaymentService.Charge(PaymentService.cs:88)")).ShouldNotBeNull();

        link.Symbol.ShouldBe("PaymentService.Charge");
        link.Location.ShouldBe("src/checkout/PaymentService.cs:88");
    }

    [Fact]
    public void Link_NoStackTrace_NoLink() =>
        CauseLinker.Link(Change("src/checkout/PriceCalculator.cs"), null).ShouldBeNull();

    [Theory]
    [InlineData("checkout-api", "checkout")]
    [InlineData("payments-gateway", "payments gateway")]
    [InlineData("user_profile_service", "user profile")]
    [InlineData("api", "api")]
    public void FeatureOf_ComponentName_PlainWords(string component, string expected) =>
        PlainBrief.FeatureOf(component).ShouldBe(expected);
}
