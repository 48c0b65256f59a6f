using System.Text.RegularExpressions;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Web;

/// <summary>
/// The UI is MudBlazor's public components and API: no copy of its internal class names (they change between
/// releases without notice) and no HTML built as a string (safe only by discipline). Its CSS variables
/// (--mud-palette-…) are public theming API and allowed.
/// </summary>
public sealed partial class MudBlazorPublicApiTests
{
    private static readonly string Source = Path.Combine(Repository.Root, "src");

    private static IEnumerable<(string File, int Line, string Text)> Lines(params string[] extensions) =>
        Directory.EnumerateFiles(Source, "*.*", SearchOption.AllDirectories)
            .Where(f => extensions.Any(e => f.EndsWith(e, StringComparison.Ordinal)))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin" or "Migrations"))
            .SelectMany(f => File.ReadLines(f).Select((text, i) => (Path.GetRelativePath(Source, f), i + 1, text)));

    [Fact]
    public void NoSourceFileUsesMudBlazorsInternalClassNames()
    {
        var lines = Lines(".razor", ".cs", ".css").ToList();

        Assert.Contains(lines, l => l.File.EndsWith("Home.razor", StringComparison.Ordinal));
        Assert.Empty(lines.Where(l => MudClass().IsMatch(l.Text)).Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}"));
    }

    [Fact]
    public void NoSourceFileBuildsMarkupFromStrings()
    {
        Assert.Empty(Lines(".razor", ".cs")
            .Where(l => l.Text.Contains("MarkupString", StringComparison.Ordinal) || l.Text.Contains("AddMarkupContent", StringComparison.Ordinal))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}"));
    }

    [Theory]
    [InlineData("<div class=\"mud-paper pa-3\">", true)]
    [InlineData(".mud-table-sort-label:focus-visible { }", true)]
    [InlineData("builder.Append(\"<tr class=\\\"mud-table-row\\\">\")", true)]
    [InlineData("border: 1px solid var(--mud-palette-lines-inputs);", false)]
    [InlineData("<MudButton Variant=\"Variant.Outlined\">", false)]
    public void TheCheckTellsClassNamesFromThemeVariables(string line, bool isClassName) =>
        Assert.Equal(isClassName, MudClass().IsMatch(line));

    // "mud-" starting a word: a class name or selector; "--mud-…" (a theme variable) has a hyphen before it.
    [GeneratedRegex(@"(?<![-\w])mud-[a-z]")]
    private static partial Regex MudClass();
}
