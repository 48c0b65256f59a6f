using System.Text.RegularExpressions;
using System.Xml.Linq;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Components;

/// <summary>Japanese first, English second: every string the web layer asks for exists in both languages.</summary>
public sealed partial class LocalizationResourceTests
{
    private static readonly string WebProject = Path.Combine(Repository.Root, "src", "Portal.Web");

    private static HashSet<string> Keys(string file) =>
        [.. XDocument.Load(Path.Combine(WebProject, "Resources", file)).Root!.Elements("data").Select(d => (string)d.Attribute("name")!)];

    [Fact]
    public void JapaneseAndEnglishHaveTheSameKeys()
    {
        var japanese = Keys("SharedResource.ja.resx");
        var english = Keys("SharedResource.resx");

        Assert.Empty(japanese.Except(english));
        Assert.Empty(english.Except(japanese));
    }

    [Fact]
    public void EveryLiteralKeyUsedByThePagesExists()
    {
        var keys = Keys("SharedResource.ja.resx");
        var used = Directory.EnumerateFiles(WebProject, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal)) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => LiteralKey().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Key: m.Groups[1].Value)))
            .ToList();

        Assert.NotEmpty(used);
        Assert.DoesNotContain(used, u => !keys.Contains(u.Key));
    }

    [Fact]
    public void EveryErrorCodeHasAMessage()
    {
        var keys = Keys("SharedResource.ja.resx");
        var codes = typeof(Portal.Application.Common.ErrorCodes).GetFields().Select(f => (string)f.GetRawConstantValue()!).ToList();

        Assert.NotEmpty(codes);
        Assert.DoesNotContain(codes, c => !keys.Contains($"Error.{c}"));
    }

    [Fact]
    public void EveryWebhookFailureTheCentreRecordsHasAText()
    {
        var keys = Keys("SharedResource.ja.resx");

        Assert.NotEmpty(Portal.Application.Domain.Webhooks.WebhookFailures.All);
        Assert.DoesNotContain(Portal.Application.Domain.Webhooks.WebhookFailures.All, c => !keys.Contains($"Webhooks.Failure.{c}"));
    }

    [GeneratedRegex("""L\["([A-Za-z0-9.]+)"[\],]""")]
    private static partial Regex LiteralKey();
}
