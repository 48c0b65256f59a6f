using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Web.Components.Shared;

namespace Portal.UnitTests.Components;

public sealed class LanguageSwitchTests : ComponentTestContext
{
    public LanguageSwitchTests() => Bunit.SetRendererInfo(new RendererInfo("Server", isInteractive: true));

    [Fact]
    public void MarksTheCurrentLanguage()
    {
        UseCulture("ja");
        World.ActAs(World.AlphaUser);

        var component = Bunit.Render<LanguageSwitch>();

        var pressed = component.FindAll("button[aria-pressed=true]");
        Assert.Equal("日本語", Assert.Single(pressed).TextContent.Trim());
    }

    [Fact]
    public async Task SwitchingToEnglishRemembersItOnTheProfileAndReloadsThroughTheCultureEndpoint()
    {
        UseCulture("ja");
        World.ActAs(World.AlphaUser);
        var navigation = Bunit.Services.GetRequiredService<BunitNavigationManager>();
        navigation.NavigateTo("/devices");
        var component = Bunit.Render<LanguageSwitch>();

        await component.FindAll("button").Single(b => b.TextContent.Trim() == "English").ClickAsync(new());

        Assert.Equal("http://localhost/culture/en?returnUrl=%2Fdevices", navigation.Uri);
        await using var db = World.Database.CreateContext();
        Assert.Equal("en", (await db.UserProfiles.SingleAsync(p => p.Id == World.AlphaUser.Id)).PreferredCulture);
    }

    [Fact]
    public void ButtonsWaitForTheCircuit()
    {
        Bunit.SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        UseCulture("en");

        var component = Bunit.Render<LanguageSwitch>();

        Assert.All(component.FindAll("button"), b => Assert.True(b.HasAttribute("disabled")));
    }
}
