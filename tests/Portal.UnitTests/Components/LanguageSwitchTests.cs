using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
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
    public void PostsTheChoiceToTheCultureEndpointWithThisPageToComeBackTo()
    {
        UseCulture("ja");
        World.ActAs(World.AlphaUser);
        Bunit.Services.GetRequiredService<BunitNavigationManager>().NavigateTo("/devices?x=1");

        var component = Bunit.Render<LanguageSwitch>();

        var form = component.Find("form");
        Assert.Equal("culture", form.GetAttribute("action"));
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("/devices?x=1", component.Find("input[name=returnUrl]").GetAttribute("value"));
        var english = component.FindAll("button").Single(b => b.TextContent.Trim() == "English");
        Assert.Equal(("submit", "culture", "en"), (english.GetAttribute("type"), english.GetAttribute("name"), english.GetAttribute("value")));
    }

    [Fact]
    public void WorksWithoutACircuit()
    {
        Bunit.SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        UseCulture("en");

        var component = Bunit.Render<LanguageSwitch>();

        Assert.Equal(2, component.FindAll("button[type=submit]").Count);
        Assert.All(component.FindAll("button"), b => Assert.False(b.HasAttribute("disabled")));
    }
}
