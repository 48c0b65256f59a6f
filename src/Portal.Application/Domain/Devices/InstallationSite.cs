using Portal.Application.Common;
using Portal.Application.Domain.Users;

namespace Portal.Application.Domain.Devices;

/// <summary>設置場所: where the device stands (maintenance staff are sent here).</summary>
public sealed record InstallationSite(string PostalCode, string Prefecture, string AddressLine, string Building)
{
    public const int MaxLineLength = 200;

    public static readonly InstallationSite Empty = new(string.Empty, string.Empty, string.Empty, string.Empty);

    /// <summary>The 47 prefectures, north to south, as the form offers them.</summary>
    public static readonly IReadOnlyList<string> Prefectures =
    [
        "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県", "埼玉県", "千葉県",
        "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県",
        "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県",
        "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
    ];

    /// <summary>
    /// A site as a customer types it: the postal code with or without hyphen or 〒 (full-width digits too),
    /// a prefecture from the list, an address line, and an optional building and room. Every problem is named.
    /// </summary>
    public static Result<InstallationSite> Create(string? postalCode, string? prefecture, string? addressLine, string? building)
    {
        var postal = ContactFormats.Normalize(postalCode).Replace("〒", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).Trim();
        var pref = (prefecture ?? string.Empty).Trim();
        var address = (addressLine ?? string.Empty).Trim();
        var room = (building ?? string.Empty).Trim();
        var errors = new List<Error>();
        if (postal.Length != 7 || !postal.All(char.IsAsciiDigit))
        {
            errors.Add(new Error(ErrorCodes.PostalCodeInvalid, nameof(PostalCode)));
        }

        if (!Prefectures.Contains(pref))
        {
            errors.Add(new Error(ErrorCodes.PrefectureInvalid, nameof(Prefecture)));
        }

        if (address.Length == 0)
        {
            errors.Add(new Error(ErrorCodes.AddressRequired, nameof(AddressLine)));
        }
        else if (address.Length > MaxLineLength)
        {
            errors.Add(new Error(ErrorCodes.TooLong, nameof(AddressLine)));
        }

        if (room.Length > MaxLineLength)
        {
            errors.Add(new Error(ErrorCodes.TooLong, nameof(Building)));
        }

        return errors.Count > 0
            ? Result.Invalid([.. errors]).As<InstallationSite>()
            : new InstallationSite(postal, pref, address, room);
    }

    public override string ToString() =>
        string.Join(' ', new[] { PostalCode.Length == 7 ? $"〒{PostalCode[..3]}-{PostalCode[3..]}" : PostalCode, Prefecture, AddressLine, Building }
            .Where(part => !string.IsNullOrWhiteSpace(part)));
}
