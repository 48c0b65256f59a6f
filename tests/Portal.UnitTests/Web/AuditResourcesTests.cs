using System.Text.RegularExpressions;
using System.Xml.Linq;
using Portal.Application.Domain.Audit;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Web;

/// <summary>
/// Every audit action and every staff view the source records has a name in both languages, so the device history,
/// the audit page and its CSV never show the code it is stored as; and no name is left for an action that is gone.
/// </summary>
public sealed partial class AuditResourcesTests
{
    private static readonly string Source = Path.Combine(Repository.Root, "src");

    private static string AllSource() => string.Join('\n', Directory.EnumerateFiles(Source, "*.*", SearchOption.AllDirectories)
        .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
        .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin" or "Migrations"))
        .Select(File.ReadAllText));

    private static HashSet<string> Names(string resx) =>
        [.. XDocument.Load(Path.Combine(Source, "Portal.Web", "Resources", resx)).Root!.Elements("data").Select(d => (string)d.Attribute("name")!)];

    [Theory]
    [InlineData("SharedResource.ja.resx")]
    [InlineData("SharedResource.resx")]
    public void EveryRecordedActionAndViewHasAName(string resx)
    {
        var source = AllSource();
        var actions = AuditAction.All.Select(a => a.Name).ToHashSet();
        var views = RecordedView().Matches(source).Select(m => m.Groups["what"].Value).ToHashSet();
        var names = Names(resx);

        Assert.Contains("ChangeContacts", actions);
        Assert.Equal(actions.Count, AuditAction.All.Count);
        Assert.Contains("Device", views);
        Assert.Empty(actions.Where(a => !names.Contains($"Audit.Action.{a}")).Order());
        Assert.Empty(views.Where(w => !names.Contains($"Audit.What.{w}")).Order());
        Assert.Empty(names.Where(n => n.StartsWith("Audit.Action.", StringComparison.Ordinal) && !actions.Contains(n["Audit.Action.".Length..])).Order());
    }

    // What="Page" on a staff reason gate, and RecordStaffViewCommand("Export", …).
    [GeneratedRegex(@"(?:What=""|RecordStaffViewCommand\("")(?<what>[A-Z]\w+)""")]
    private static partial Regex RecordedView();
}
