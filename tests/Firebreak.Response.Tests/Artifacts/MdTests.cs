namespace Firebreak.Response.Tests;

public sealed class MdTests
{
    [Theory]
    [InlineData(0, 0, "00:00")]
    [InlineData(0, 32, "00:32")]
    [InlineData(2, 5, "02:05")]
    [InlineData(26, 0, "26:00")]
    public void Duration_Span_IsHoursAndMinutes(int hours, int minutes, string expected) =>
        Md.Duration(new TimeSpan(hours, minutes, 0)).ShouldBe(expected);

    [Fact]
    public void Time_OffsetTime_IsConvertedToUtc() =>
        Md.Time(new DateTimeOffset(2026, 11, 25, 21, 5, 0, TimeSpan.FromHours(2))).ShouldBe("2026-11-25 19:05 UTC");

    [Fact]
    public void Cell_PipesAndNewlines_AreEscaped() =>
        Md.Cell("a|b\nc").ShouldBe("a\\|b c");

    [Fact]
    public void Safe_BraceTokensAndTags_AreNeutralised() =>
        Md.Safe("user {user-id} ran <previous>").ShouldBe("user &#123;user-id&#125; ran &lt;previous>");

    [Fact]
    public void Safe_BracesThatAreNoPlaceholder_StayAsTheyAre() =>
        Md.Safe("payload {\"qty\": 0} for {id}").ShouldBe("payload {\"qty\": 0} for {id}");

    [Fact]
    public void Safe_WildcardToken_IsKept() =>
        Md.Safe("GET /cart <*> 200").ShouldBe("GET /cart <*> 200");

    [Fact]
    public void Table_Rows_HaveHeaderSeparatorAndEscapedCells() =>
        Md.Table(["A", "B"], [["1", "x|y"]]).ShouldBe("| A | B |\n|---|---|\n| 1 | x\\|y |\n");

    [Theory]
    [InlineData(4, "4 min")]
    [InlineData(125, "2 h 5 min")]
    [InlineData(60 * 24 * 7, "7 days")]
    public void Minutes_Span_ReadsNaturally(int minutes, string expected) =>
        Md.Minutes(TimeSpan.FromMinutes(minutes)).ShouldBe(expected);

    [Fact]
    public void Mermaid_SyntaxCharactersAndEntities_AreRemoved() =>
        Md.Mermaid("a: b [c] &lt;d> &#123;e-f&#125; \"g\"").ShouldBe("a b c d e-f g");

    [Fact]
    public void PlaceholderGuard_Placeholder_IsNeutralised()
    {
        var text = PlaceholderGuard.Neutralize("deploy {incident-id} at {HH:MM UTC}");

        PlaceholderGuard.HasPlaceholder(text).ShouldBeFalse();
        text.ShouldBe("deploy &#123;incident-id&#125; at &#123;HH:MM UTC&#125;");
    }
}
