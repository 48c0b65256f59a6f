using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Portal.Application;
using Portal.Application.Abstractions;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Components;

/// <summary>
/// bUnit with MudBlazor, the real localization resources and the real handlers on a real SQLite world.
/// Disposed asynchronously: MudBlazor's services are IAsyncDisposable only.
/// </summary>
public abstract class ComponentTestContext : IAsyncLifetime
{
    private readonly CultureInfo _previousUiCulture = CultureInfo.CurrentUICulture;
    private readonly CultureInfo _previousCulture = CultureInfo.CurrentCulture;

    protected ComponentTestContext()
    {
        Bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        var services = Bunit.Services;
        services.AddMudServices();
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.AddSingleton<TimeProvider>(World.Clock);
        services.AddSingleton<IPortalDbContextFactory>(World.Database);
        services.AddSingleton<ICurrentUser>(World.User);
        services.AddSingleton<IAccounts>(World.Accounts);
        services.AddPortalApplication(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
    }

    protected BunitContext Bunit { get; } = new();

    protected World World { get; } = new();

    protected static void UseCulture(string name)
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(name);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        CultureInfo.CurrentUICulture = _previousUiCulture;
        CultureInfo.CurrentCulture = _previousCulture;
        await Bunit.DisposeAsync();
        World.Dispose();
    }
}
