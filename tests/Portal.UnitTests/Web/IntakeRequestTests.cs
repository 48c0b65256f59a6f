using Portal.Application.Features.Intake;
using Portal.Web.Endpoints;

namespace Portal.UnitTests.Web;

/// <summary>The intake's request contract, read from bytes as the endpoint reads them.</summary>
public sealed class IntakeRequestTests
{
    private const string Valid = """{"reportId":"r-1","type":"failure","modelNumber":"n8100-2345","serialNumber":"7100001","occurredAt":"2026-11-20T10:00:00+09:00","means":"https","route":"bmc","event":{"category":"fan","code":"FAN-1","severity":"critical","message":"Fan <3> stopped"}}""";

    private static readonly Portal.Infrastructure.Security.KeyFileSigner Signer = new(new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider());

    private static (IntakeReport? Report, Dictionary<string, string[]> Errors) Read(string json) => IntakeRequestReader.Read(System.Text.Encoding.UTF8.GetBytes(json), Signer);

    private static string OpeningWithFile(string keyFile) =>
        $$"""{"reportId":"o-1","type":"opening","modelNumber":"N8100-2345","serialNumber":"7100001","occurredAt":"2026-11-20T10:00:00+09:00","means":"https","route":"agent","keyFile":{{System.Text.Json.JsonSerializer.Serialize(keyFile)}}}""";

    [Fact]
    public void AnOpeningMayCarryAKeyFileInsteadOfACodeAndItsSignatureIsChecked()
    {
        var file = new Portal.Application.Domain.Registrations.OpeningKeyFile("E000000001", "N8100-2345", "7100001", "01234", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1));
        var genuine = file.ToText(Signer.Sign(file));

        var (report, errors) = Read(OpeningWithFile(genuine));
        Assert.Empty(errors);
        Assert.Equal((file, true), (report!.KeyFile!.File, report.KeyFile.Genuine));

        var (edited, _) = Read(OpeningWithFile(genuine.Replace("keyCode: 01234", "keyCode: 01235", StringComparison.Ordinal)));
        Assert.False(edited!.KeyFile!.Genuine);

        var (notAFile, notAFileErrors) = Read(OpeningWithFile("this is not a key file"));
        Assert.Null(notAFile);
        Assert.Equal("keyFile", Assert.Single(notAFileErrors).Key);

        var (neither, neitherErrors) = Read(OpeningWithFile(genuine).Replace($",\"keyFile\":{System.Text.Json.JsonSerializer.Serialize(genuine)}", string.Empty, StringComparison.Ordinal));
        Assert.Null(neither);
        Assert.Equal("keyCode", Assert.Single(neitherErrors).Key);
    }

    [Fact]
    public void AValidReportIsReadWithItsTextAsSentAndItsNumbersInUpperCase()
    {
        var (report, errors) = Read(Valid);

        Assert.Empty(errors);
        Assert.Equal(("N8100-2345", "Fan <3> stopped", IntakeType.Failure), (report!.ModelNumber, report.Event!.Message, report.Type));
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 1, 0, 0, TimeSpan.Zero), report.OccurredAt);
        Assert.Equal(TimeSpan.Zero, report.OccurredAt.Offset);
    }

    [Fact]
    public void EveryBadFieldIsNamedWhetherItsTypeOrItsFormIsWrong()
    {
        var (report, errors) = Read("""{"reportId":"bad id","type":3,"modelNumber":7,"serialNumber":"7100001","occurredAt":"yesterday","means":"pigeon","route":"agent","event":{"category":"gpu","code":"X","severity":"critical","message":"m"}}""");

        Assert.Null(report);
        Assert.Equal(["event.category", "means", "modelNumber", "occurredAt", "reportId", "type"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Must be one of: opening, periodic, failure, pseudoFailure, connectivityTest, end.", errors["type"].Single());
    }

    [Theory]
    [InlineData("taro.@docomo.ne.jp")]
    [InlineData("Taro <taro@docomo.ne.jp>")]
    public void AReplyAddressTheMailLibraryCannotSendToIsNamed(string replyTo)
    {
        var (report, errors) = Read(Valid.Replace("\"route\":\"bmc\"", $"\"route\":\"bmc\",\"replyTo\":\"{replyTo}\"", StringComparison.Ordinal));

        Assert.Null(report);
        Assert.Equal("replyTo", Assert.Single(errors).Key);
    }

    [Fact]
    public void AKeyGivenTwiceIsNamed()
    {
        var (report, errors) = Read(Valid.Replace("\"route\":\"bmc\"", "\"route\":\"bmc\",\"route\":\"agent\"", StringComparison.Ordinal));

        Assert.Null(report);
        Assert.Equal("Given more than once.", Assert.Single(errors).Value.Single());
        Assert.Equal("route", errors.Keys.Single());
    }

    [Fact]
    public void ALoneSurrogateIsNamedAsInvalidText()
    {
        var (report, errors) = Read(Valid.Replace("Fan <3> stopped", "\\ud800", StringComparison.Ordinal));

        Assert.Null(report);
        Assert.StartsWith("Must be valid Unicode text", errors["event.message"].Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CPU temperature > 90 C (threshold 85 C)")]
    [InlineData("PSU#2 'A'; replaced")]
    [InlineData("DIMM slot /* CPU1 */ error")]
    [InlineData("x'; DROP TABLE Reports; --")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("javascript:alert(1)")]
    [InlineData("=1+2")]
    [InlineData("複数行\\nの\\tメッセージ 🔥")]
    public void AnyTextIsAcceptedAsSent(string message)
    {
        var (report, errors) = Read(Valid.Replace("Fan <3> stopped", message.Replace("\"", "\\\"", StringComparison.Ordinal), StringComparison.Ordinal));

        Assert.Empty(errors);
        Assert.Equal(message.Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\t", "\t", StringComparison.Ordinal), report!.Event!.Message);
    }
}
