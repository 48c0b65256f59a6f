using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.E2E.Support;
using Portal.Infrastructure.Security;

namespace Portal.UnitTests.Security;

/// <summary>Rotating the key ring certificate: keys written with the old one stay readable while it is listed as previous.</summary>
public sealed class KeyRingProtectionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("portal-keys-").FullName;

    private IDataProtector Protector(Dictionary<string, string> current, Dictionary<string, string>? previous = null)
    {
        var settings = current.ToDictionary(s => s.Key.Replace("__", ":", StringComparison.Ordinal), s => (string?)s.Value);
        foreach (var (key, value) in previous ?? [])
        {
            settings[key.Replace("DataProtection__Certificate__", "DataProtection:PreviousCertificates:0:", StringComparison.Ordinal)] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("Portal").PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(_folder, "ring"))).ProtectKeysAtRest(configuration, required: true);
        return services.BuildServiceProvider().GetDataProtector("test");
    }

    [Fact]
    public void AfterARotationTheOldCertificateStillReadsTheKeysItEncrypted()
    {
        var first = KeyCertificate.Create(_folder, "first.pfx");
        var second = KeyCertificate.Create(_folder, "second.pfx");
        var cookie = Protector(first).Protect("signed in");

        Assert.Equal("signed in", Protector(second, previous: first).Unprotect(cookie));
        Assert.ThrowsAny<CryptographicException>(() => Protector(second).Unprotect(cookie));
        Assert.All(Directory.GetFiles(Path.Combine(_folder, "ring")), file => Assert.DoesNotContain("<masterKey", File.ReadAllText(file), StringComparison.Ordinal));
    }

    [Fact]
    public void AWrongPasswordIsACleanStartFailure()
    {
        var settings = KeyCertificate.Create(_folder);
        settings["DataProtection__Certificate__Password"] = "wrong";

        var failure = Assert.Throws<InvalidOperationException>(() => Protector(settings));

        Assert.Contains("could not be read", failure.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
