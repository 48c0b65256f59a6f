using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.E2E.Pages;
using Portal.E2E.Support;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

/// <summary>
/// Every page (<see cref="PortalPages"/>) at a laptop's 1366×768 and a phone's 400 px, in both languages: nothing
/// reaches past the viewport's sides, nothing is hidden behind a sideways scroll, no control's text is cut (but
/// for an ellipsis whose element carries the whole text as its title), and no text is squeezed to a character per
/// line. On a phone every list (a table marked phone-cards) is shown as cards and must fit; a small table of another
/// kind may scroll sideways inside its own frame, where the page stays put and every column can be reached. Each
/// page's screenshot is kept under
/// artifacts/screenshots, to look at what the assertions cannot judge.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class LayoutTests(PortalFixture portal, ITestOutputHelper output)
{
    // Read in the browser: what a person would see as cut off or pushed out of reach.
    private const string FindOverflows = """
        phone => {
          const width = document.documentElement.clientWidth;
          const problems = [];
          const name = el => {
            const id = el.getAttribute('data-testid') ?? el.id;
            const text = (el.innerText ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
            return `${el.tagName.toLowerCase()}${id ? `[${id}]` : ''}.${[...el.classList].slice(0, 3).join('.')} "${text}"`;
          };
          if (document.documentElement.scrollWidth > width + 1) {
            problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px in ${width} px`);
          }
          // What a person reads or uses: text of its own, or a control. A container may reach past the edge by a
          // grid's negative margin while everything in it is in view.
          const content = el => el.matches('button, input, select, textarea, img, svg, [role=button]')
            || [...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim() !== '');
          const reported = new Set();
          for (const el of document.body.querySelectorAll('*')) {
            // Inside something already reported: the same problem.
            if (reported.has(el.parentElement)) {
              reported.add(el);
              continue;
            }
            const box = el.getBoundingClientRect();
            if (box.width === 0 || box.height === 0 || el.closest('[hidden], [aria-hidden=true], .mud-drawer--closed')) continue;
            const style = getComputedStyle(el);
            if (style.visibility === 'hidden') continue;
            let problem = null;
            if ((box.right > width + 1 || box.left < -1) && content(el) && !(phone && el.closest('div:has(> table)') && !el.closest('.phone-cards'))) {
              problem = `${name(el)} reaches past the viewport (${Math.round(box.left)}..${Math.round(box.right)} px of ${width})`;
            } else if (['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1
                       && !(phone && el.querySelector(':scope > table') && !el.closest('.phone-cards'))) {
              problem = `${name(el)} hides ${el.scrollWidth - el.clientWidth} px behind a sideways scroll`;
            } else if (el.matches('button, a, label, th, td, h1, h2, h3, h4, h5, h6, p, .mud-chip, .mud-typography')
                       && ['hidden', 'clip'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1
                       && !(style.textOverflow === 'ellipsis' && el.closest('[title]'))) {
              problem = `${name(el)} is cut (${el.scrollWidth} px of text in ${el.clientWidth} px)`;
            } else {
              const size = parseFloat(style.fontSize);
              const own = [...el.childNodes].filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.textContent.trim()).join('');
              if (own.length >= 3 && box.width < 1.8 * size && box.height > 2.5 * size) {
                problem = `${name(el)} is squeezed to ${Math.round(box.width)} px wide`;
              }
            }
            if (problem) {
              problems.push(problem);
              reported.add(el);
            }
          }
          return problems;
        }
        """;

    public static TheoryData<int, int, string> Viewports => new()
    {
        { 1366, 768, "ja" },
        { 1366, 768, "en" },
        { 400, 800, "ja" },
        { 400, 800, "en" },
    };

    private static string ArtifactsFolder(int width, string culture)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Portal.sln")))
        {
            root = root.Parent;
        }

        var folder = Path.Combine(root?.FullName ?? AppContext.BaseDirectory, "artifacts", "screenshots", $"{width}-{culture}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static async Task<List<string>> CheckAsync(IPage page, string role, string path, string folder)
    {
        await PortalPages.OpenAsync(page, path);
        var file = $"{role}{Regex.Replace(path, "[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}", "device").Replace('/', '_')}.png";
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, file), FullPage = true });
        var phone = page.ViewportSize!.Width < 600;
        return [.. (await page.EvaluateAsync<string[]>(FindOverflows, phone)).Select(p => $"{page.ViewportSize.Width} px {role} {path}: {p}")];
    }

    [Theory]
    [MemberData(nameof(Viewports))]
    public async Task EveryPageFitsTheScreen(int width, int height, string culture)
    {
        var viewport = new ViewportSize { Width = width, Height = height };
        var folder = ArtifactsFolder(width, culture);
        var problems = new List<string>();
        foreach (var (email, paths) in await PortalPages.CustomerAsync(portal.Server))
        {
            var page = await PortalPages.AsAsync(portal, email, culture, viewport);
            foreach (var path in paths)
            {
                problems.AddRange(await CheckAsync(page, email.Split('@')[0], path, folder));
            }
        }

        var anonymous = await PortalPages.AsAsync(portal, null, culture, viewport);
        foreach (var path in PortalPages.Anonymous)
        {
            problems.AddRange(await CheckAsync(anonymous, "anonymous", path, folder));
        }

        var staff = await PortalPages.AsAsync(portal, PortalPages.Staff, culture, viewport);
        problems.AddRange(await CheckAsync(staff, "staff-gate", "/staff/devices", folder));
        await staff.GiveStaffReasonAsync(culture == "ja" ? "画面幅の確認 (E2E)" : "Layout check (E2E)", culture);
        foreach (var path in await PortalPages.StaffAsync(portal.Server))
        {
            problems.AddRange(await CheckAsync(staff, "staff", path, folder));
        }

        problems.ForEach(output.WriteLine);
        Assert.Empty(problems);
    }

    [Fact]
    public async Task OnAPhoneTheStaticDashboardOpensTheMenuAsAPage()
    {
        // The drawer needs the circuit, which the static dashboard has not: its menu button is a link instead.
        var page = await PortalPages.AsAsync(portal, "admin@alpha.example", "ja", new ViewportSize { Width = 400, Height = 800 });
        await PortalPages.OpenAsync(page, "/");
        await page.FollowAsync(page.GetByTestId("menu-page"));
        Assert.EndsWith("/menu", page.Url, StringComparison.Ordinal);
        await page.FollowAsync(page.GetByTestId("menu").GetByRole(AriaRole.Link, new() { Name = "お申し込み", Exact = true }));
        Assert.EndsWith("/apply", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnAPhoneTheDashboardIsSortedFromItsFormWhereTheHeaderIsHidden()
    {
        var page = await PortalPages.AsAsync(portal, "admin@alpha.example", "ja", new ViewportSize { Width = 400, Height = 800 });
        await PortalPages.OpenAsync(page, "/");
        await Expect(page.Locator("[data-testid=device-table] thead")).ToBeHiddenAsync();

        await page.GetByTestId("sort-by").SelectOptionAsync("ManagementNumber");
        await page.GetByTestId("sort-direction").SelectOptionAsync("true");
        await page.GetByRole(AriaRole.Button, new() { Name = "表示" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("sort=ManagementNumber&desc=true"));

        var numbers = await new DashboardPage(page).Devices.Locator("tr > td:first-child").AllInnerTextsAsync();
        Assert.True(numbers.Count > 1);
        Assert.Equal(numbers.OrderDescending(StringComparer.Ordinal), numbers);
        await Expect(page.GetByTestId("sort-by")).ToHaveValueAsync("ManagementNumber");

        // On a wide screen the header sorts, and the form's choice is out of sight.
        await page.SetViewportSizeAsync(1366, 768);
        await Expect(page.GetByTestId("sort-by")).ToBeHiddenAsync();
        await Expect(page.Locator("[data-testid=device-table] thead th[aria-sort=descending]")).ToBeVisibleAsync();
    }
}
