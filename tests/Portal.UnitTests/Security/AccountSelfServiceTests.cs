using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Application.Common;
using Portal.Application.Features.Notifications;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Persistence;

namespace Portal.UnitTests.Security;

/// <summary>Password reset on the real portal's Identity: who gets which mail, how often, and for how long a link works.</summary>
public sealed class AccountSelfServiceTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly PortalApp _base = new();
    private readonly WebApplicationFactory<Program> _app;

    public AccountSelfServiceTests() =>
        _app = _base.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(_clock)));

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    private Task<List<Portal.Application.Domain.Notifications.Notification>> MailsToAsync(string address) =>
        InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().Notifications.Where(n => n.Recipient == address).OrderBy(n => n.CreatedAt).ToListAsync());

    [Fact]
    public async Task AnOrganisationAccountIsToldWhereItsPasswordLivesInsteadOfGettingALink()
    {
        await InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalIdentityUser>>();
            return (await users.CreateAsync(new PortalIdentityUser { Id = Guid.NewGuid(), UserName = "entra@alpha.example", Email = "entra@alpha.example", EmailConfirmed = true })).Succeeded;
        });

        await InScopeAsync(async sp => { await sp.GetRequiredService<PasswordReset>().RequestAsync("entra@alpha.example"); return 0; });

        var mail = Assert.Single(await MailsToAsync("entra@alpha.example"));
        Assert.Equal(nameof(MailKind.PasswordManagedElsewhere), mail.Kind);
        Assert.Null(mail.LinkPath);
        Assert.Contains("Microsoft Entra ID", mail.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAccountLockedOnPurposeGetsNoResetLinkAndAnEarlierLinkDoesNotUnlockIt()
    {
        await InScopeAsync(async sp => { await sp.GetRequiredService<PasswordReset>().RequestAsync("ops@alpha.example"); return 0; });
        var link = (await MailsToAsync("ops@alpha.example")).Single().LinkPath!;
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(new Uri("https://portal.example/"), link).Query);
        await InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalIdentityUser>>();
            return await users.SetLockoutEndDateAsync((await users.FindByEmailAsync("ops@alpha.example"))!, DateTimeOffset.UtcNow.AddYears(1));
        });
        _clock.Advance(PasswordReset.MailInterval + TimeSpan.FromSeconds(1));

        await InScopeAsync(async sp => { await sp.GetRequiredService<PasswordReset>().RequestAsync("ops@alpha.example"); return 0; });
        var reset = await InScopeAsync(sp => sp.GetRequiredService<PasswordReset>().CompleteAsync(query["user"], query["token"], "Fresh#2026word"));

        Assert.Single(await MailsToAsync("ops@alpha.example"));
        Assert.Equal(ErrorCodes.LinkInvalid, Assert.Single(reset.Errors).Code);
        Assert.True(await InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalIdentityUser>>();
            return await users.IsLockedOutAsync((await users.FindByEmailAsync("ops@alpha.example"))!);
        }));
    }

    [Fact]
    public async Task AMailboxGetsAtMostOneResetMailInFiveMinutes()
    {
        for (var i = 0; i < 3; i++)
        {
            await InScopeAsync(async sp => { await sp.GetRequiredService<PasswordReset>().RequestAsync("ops@alpha.example"); return 0; });
        }

        _clock.Advance(PasswordReset.MailInterval + TimeSpan.FromSeconds(1));
        await InScopeAsync(async sp => { await sp.GetRequiredService<PasswordReset>().RequestAsync("OPS@alpha.example"); return 0; });

        Assert.Equal(2, (await MailsToAsync("ops@alpha.example")).Count(n => n.Kind == nameof(MailKind.PasswordReset)));
    }

    [Fact]
    public async Task AResetLinkStopsWorkingWhenItsLifespanEnds()
    {
        Assert.Equal(TimeSpan.FromHours(1), _app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DataProtectionTokenProviderOptions>>().Value.TokenLifespan);

        // Identity's token provider reads the system clock, not TimeProvider: a portal whose links live a second
        // shows that the lifespan is what ends them.
        using var shortLived = _app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.Configure<DataProtectionTokenProviderOptions>(options => options.TokenLifespan = TimeSpan.FromSeconds(1))));
        await using (var scope = shortLived.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PasswordReset>().RequestAsync("ops@alpha.example");
        }

        var link = (await MailsToAsync("ops@alpha.example")).Single().LinkPath!;
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(new Uri("https://portal.example/"), link).Query);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        await using var later = shortLived.Services.CreateAsyncScope();
        var late = await later.ServiceProvider.GetRequiredService<PasswordReset>().CompleteAsync(query["user"], query["token"], "Fresh#2026word");

        Assert.Equal(ErrorCodes.LinkInvalid, Assert.Single(late.Errors).Code);
    }

    [Fact]
    public async Task AResetLinkWorksOnceWithinTheHour()
    {
        await InScopeAsync(async sp => { await sp.GetRequiredService<PasswordReset>().RequestAsync("ops@alpha.example"); return 0; });
        var link = (await MailsToAsync("ops@alpha.example")).Single().LinkPath!;
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(new Uri("https://portal.example/"), link).Query);
        _clock.Advance(TimeSpan.FromMinutes(50));

        var first = await InScopeAsync(sp => sp.GetRequiredService<PasswordReset>().CompleteAsync(query["user"], query["token"], "Fresh#2026word"));
        var again = await InScopeAsync(sp => sp.GetRequiredService<PasswordReset>().CompleteAsync(query["user"], query["token"], "Other#2026word"));
        var forged = await InScopeAsync(sp => sp.GetRequiredService<PasswordReset>().CompleteAsync("not-a-guid", "x", "Other#2026word"));

        Assert.True(first.IsOk, string.Join(",", first.Errors));
        Assert.Equal(ErrorCodes.LinkInvalid, Assert.Single(again.Errors).Code);
        Assert.Equal(ErrorCodes.LinkInvalid, Assert.Single(forged.Errors).Code);
    }

    public void Dispose()
    {
        _app.Dispose();
        _base.Dispose();
    }
}
