using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Portal.Application.Common;
using Portal.Web;
using Portal.Web.Localization;

namespace Portal.UnitTests.Components;

/// <summary>The audit trail as people read it, in the device history, the staff audit page and its CSV.</summary>
public sealed class AuditTextTests : ComponentTestContext
{
    private IStringLocalizer L => Bunit.Services.GetRequiredService<IStringLocalizer<SharedResource>>();

    [Theory]
    [InlineData("ja", "Contacts", """[{"Priority":1,"Name":"山田 太郎","Phone":"03-1234-5678"},{"Priority":2,"Name":"佐藤 花子","Phone":"03-1234-5679"}]""", "1. 山田 太郎 / 2. 佐藤 花子")]
    [InlineData("ja", "Outcome", "ReachedContact2", "連絡先2に連絡")]
    [InlineData("en", "Outcome", "ReachedContact2", "Reached contact 2")]
    [InlineData("ja", "State", "Closed", "完了")]
    [InlineData("ja", "Status", "Opened", "開局")]
    [InlineData("ja", "MissedDueOn", "2026-11-27", "2026/11/27")]
    [InlineData("ja", "KeyIssuedAt", "2026-11-20T01:00:00+00:00", "2026/11/20 10:00 JST")]
    [InlineData("ja", "Detail", "2026-11-20T01:00:00+00:00", "2026/11/20 10:00 JST")]
    [InlineData("ja", "Window", """{"StartsAt":"2026-11-25T00:00:00+00:00","Reason":"定期点検","SeriesId":null}""", "2026/11/25 09:00 JST 定期点検")]
    [InlineData("ja", "Reason", "CPU temperature > 90 C {\"x\"", "CPU temperature > 90 C {\"x\"")]
    [InlineData("ja", "Reason", null, "—")]
    [InlineData("ja", "What", "CallList", "コールリスト")]
    public void ValuesReadAsWordsDatesAndNamesNeverAsCodesOrJson(string culture, string field, string? stored, string shown)
    {
        UseCulture(culture);

        Assert.Equal(shown, L.AuditValue(field, stored));
    }

    [Fact]
    public void TheCentresOwnEntriesAndEveryChangedFieldReadAsText()
    {
        UseCulture("ja");
        var fields = AuditChanges.Compare("""{"State":"Open","Outcome":null}""", """{"State":"Closed","Outcome":"ReachedContact2","Mailed":2}""");

        Assert.Equal("センタ (自動処理)", L.AuditActor(Audit.SystemActorName));
        Assert.Equal("山田 太郎", L.AuditActor("山田 太郎"));
        Assert.Equal("状態: 対応中 → 完了 / 結果: — → 連絡先2に連絡 / 送信したメール: — → 2", L.AuditDetails(fields));
    }
}
