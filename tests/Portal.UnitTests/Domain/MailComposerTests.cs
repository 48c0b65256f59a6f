using Portal.Application.Domain.Devices;
using Portal.Application.Features.Notifications;

namespace Portal.UnitTests.Domain;

/// <summary>What the centre's mails say about time: a received report's time as received, a notice's as sent, in Japan time.</summary>
public sealed class MailComposerTests
{
    private static readonly Device Device = new(Guid.NewGuid(), Guid.NewGuid(), "N8100-2345", "SN0001", "E123456789", "alpha-web01", InstallationSite.Empty, Contract.Maintenance(new DateOnly(2030, 3, 31)));

    // 2026-11-27 00:30 UTC is 09:30 in Japan.
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 0, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(MailKind.FailureDetected, "ja", "受信日時 (日本時間): 2026/11/27 09:30:00")]
    [InlineData(MailKind.OpeningReceived, "en", "Received (Japan time): 2026/11/27 09:30:00")]
    [InlineData(MailKind.PeriodicOverdue, "ja", "送信日時 (日本時間): 2026/11/27 09:30:00")]
    [InlineData(MailKind.MaintenanceReminder, "en", "Sent at (Japan time): 2026/11/27 09:30:00")]
    [InlineData(MailKind.KeyReissued, "ja", "送信日時 (日本時間): 2026/11/27 09:30:00")]
    public void ANoticeLabelsItsTimeAsSentAndAReportsAnswerAsReceived(MailKind kind, string culture, string line)
    {
        var mail = MailComposer.Compose(kind, new MailRecipient("a@example.test", "山田 太郎", culture), Device, Now, bodyArgument: "2026/11/27");

        Assert.Contains(line, mail.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(MailKinds.AnswersAReport(kind) ? "送信日時" : "受信日時", mail.Body, StringComparison.Ordinal);
    }
}
