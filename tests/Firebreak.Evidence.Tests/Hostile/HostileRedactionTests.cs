namespace Firebreak.Evidence.Tests;

/// <summary>Issue 11 item 12: a corpus of real-looking (fake) secrets of each kind, each masked without masking the words around it.</summary>
public sealed class HostileRedactionTests
{
    public static TheoryData<string, string> Corpus => new()
    {
        { "aws secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY in env", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
        { "maps AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe loaded", "AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe" },
        { "openai sk-proj-Xk3bT9qLm2Vn8RwZ4yP7sD1fG6hJ0aQ5cE used", "sk-proj-Xk3bT9qLm2Vn8RwZ4yP7sD1fG6hJ0aQ5cE" },
        { "legacy sk-9aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789 key", "sk-9aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789" },
        { "publish npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8 ok", "npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8" },
        { "gitlab glpat-xY9zW8vU7tS6rQ5pO4nM clone", "glpat-xY9zW8vU7tS6rQ5pO4nM" },
        { "notify https://hooks.slack.com/services/T0ABCDEFG/B0HIJKLMN/q1w2e3r4t5y6u7i8o9p0a1s2 done", "T0ABCDEFG/B0HIJKLMN/q1w2e3r4t5y6u7i8o9p0a1s2" },
        { "ran mysql --password Hunter2Secret! -h db", "Hunter2Secret!" },
        { "ran deploy --token 7f3a9c2e1b8d4f6a --env prod", "7f3a9c2e1b8d4f6a" },
        { "hmac 3f9a7c2e1b8d4f6a0e5c9b7a2d1f8e4c3b6a9d0e7f2c5b8a1d4e7f0a3c6b9d2e5f8a1b4c7d0 set", "3f9a7c2e1b8d4f6a0e5c9b7a2d1f8e4c3b6a9d0e7f2c5b8a1d4e7f0a3c6b9d2e5f8a1b4c7d0" },
        { "dd 0123456789abcdef0123456789abcdef sent", "0123456789abcdef0123456789abcdef" },
        { "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U" },
        { "db redis://default:Sup3rS3cret@cache:6379/0", "Sup3rS3cret" },
        { "gh ghp_16C7e42F292c6912E7710c838347Ae178B4a and ghs_abcdefghijklmnopqrstuvwxyz012345", "ghp_16C7e42F292c6912E7710c838347Ae178B4a" },
        { "slack xoxp-1234567890-1234567890-abcdefabcdef", "xoxp-1234567890-1234567890-abcdefabcdef" },
        { "rotated token 4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a", "4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a" },
        { "the secret Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA== leaked", "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==" },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Redact_CorpusSecret_IsMaskedAndTheWordsAroundItKept(string text, string secret)
    {
        var redacted = Redactor.Redact(text);

        redacted.ShouldNotContain(secret);
        redacted.ShouldContain(Redactor.Mask);
        redacted.Split(' ')[0].ShouldBe(text.Split(' ')[0]);
    }

    [Theory]
    [InlineData("deploy 3f2c9a1b7e5d4c8a9b0f1e2d3c4b5a6978877665 shipped")]
    [InlineData("sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 ok")]
    [InlineData("the key to success is patience")]
    [InlineData("src/Firebreak.Evidence/Sources/DeployReader.cs changed")]
    public void Redact_CommitShaDigestAndProse_AreLeftAlone(string text) => Redactor.Redact(text).ShouldBe(text);

    [Fact]
    public void LineRedactor_PrivateKeyAcrossLines_MasksEveryBodyLine()
    {
        var redactor = new Redactor.LineRedactor();
        string[] lines = ["before", "-----BEGIN OPENSSH PRIVATE KEY-----", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ", "QyNTUxOQAAACBvb3Blbn", "-----END OPENSSH PRIVATE KEY----- tail", "after"];

        var redacted = lines.Select(redactor.Redact).ToList();

        string.Join('\n', redacted).ShouldNotContain("b3BlbnNz");
        string.Join('\n', redacted).ShouldNotContain("QyNTUx");
        redacted[0].ShouldBe("before");
        redacted[4].ShouldEndWith(" tail");
        redacted[5].ShouldBe("after");
    }

    [Fact]
    public void RedactJson_SecretsAndControlCharactersInStrings_AreMaskedAndTheJsonStaysValid()
    {
        const string json = "{\n  \"note\": \"key AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe \\u001b[2J\\\"q\\\"\",\n  \"n\": 1.50,\n  \"ok\": true\n}\n";

        var redacted = Redactor.RedactJson(json);

        redacted.ShouldNotContain("AIza");
        redacted.ShouldNotContain("\\u001b");
        using var document = System.Text.Json.JsonDocument.Parse(redacted);
        document.RootElement.GetProperty("note").GetString().ShouldBe("key [REDACTED] ␛[2J\"q\"");
        document.RootElement.GetProperty("n").GetRawText().ShouldBe("1.50");
    }
}
