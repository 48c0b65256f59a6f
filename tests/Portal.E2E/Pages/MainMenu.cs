using Microsoft.Playwright;
using Portal.E2E.Support;

namespace Portal.E2E.Pages;

/// <summary>The menu of every signed-in page (Japanese).</summary>
public sealed class MainMenu(IPage page)
{
    public ILocator Navigation => page.GetByRole(AriaRole.Navigation, new() { Name = "メインメニュー", Exact = true });

    /// <summary>A link of the menu, by its exact name.</summary>
    public ILocator Link(string name) => Navigation.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    /// <summary>Follows the page's link named <paramref name="name"/> (in the menu or elsewhere) to its page.</summary>
    public Task FollowAsync(string name) => page.FollowAsync(page.GetByRole(AriaRole.Link, new() { Name = name }));
}
