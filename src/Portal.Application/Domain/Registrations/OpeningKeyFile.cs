using System.Globalization;
using Portal.Application.Common;

namespace Portal.Application.Domain.Registrations;

/// <summary>
/// 開局キーファイル (FAQ Q1-2): a small UTF-8 text file of "name: value" lines that the setup tool reads, for
/// devices whose contract opens with a key file. The <c>signature</c> line covers every other line from
/// <c>format</c> on, in this order, so the centre tells a genuine file from an edited one (see README).
/// Lines starting with '#' are for people and are not signed.
/// </summary>
public sealed record OpeningKeyFile(
    string DeviceManagementNumber,
    string ModelNumber,
    string SerialNumber,
    string KeyCode,
    DateTimeOffset IssuedAt,
    DateTimeOffset OpeningPossibleFrom)
{
    public const string FormatVersion = "1";

    /// <summary>A file is a few hundred bytes; anything much longer is not one.</summary>
    public const int MaxLength = 4096;

    private static readonly string[] Fields = ["format", "deviceManagementNumber", "modelNumber", "serialNumber", "keyCode", "issuedAt", "openingPossibleFrom"];

    /// <summary>The file of a registration's key in force, for the device it belongs to.</summary>
    public static OpeningKeyFile For(Devices.Device device, ServiceRegistration registration) => new(
        device.DeviceManagementNumber,
        device.ModelNumber,
        device.SerialNumber,
        registration.KeyCode ?? throw new InvalidOperationException("No key is issued."),
        registration.KeyIssuedAt!.Value,
        registration.OpeningPossibleFrom!.Value);

    /// <summary>The signed lines, exactly as they appear in the file (LF line ends).</summary>
    public string SignedText() => string.Join('\n', Values().Select((value, i) => $"{Fields[i]}: {value}")) + "\n";

    /// <summary>The whole file: a heading for people, the signed lines, the signature.</summary>
    public string ToText(string signature) =>
        $"""
        # エクスプレス通報サービス 開局キーファイル / Express Report Service opening key file
        # 機器管理番号 {DeviceManagementNumber}: 開局作業は {JapanTime.ToJapan(OpeningPossibleFrom).ToString("yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture)} (日本時間) 以降 / opening possible from this time (Japan time)

        """.ReplaceLineEndings("\n") + SignedText() + $"signature: {signature}\n";

    /// <summary>
    /// Reads a file's fields and its signature; null when the text is not a key file at all (a missing or repeated
    /// field, an unknown format, a value of the wrong form). Whether it is genuine is the signature's question.
    /// </summary>
    public static (OpeningKeyFile File, string Signature)? Parse(string text)
    {
        if (text.Length > MaxLength)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || !values.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim()))
            {
                return null;
            }
        }

        if (values.Count != Fields.Length + 1 || !values.TryGetValue("signature", out var signature) || Fields.Any(f => !values.ContainsKey(f))
            || values["format"] != FormatVersion
            || !Registrations.KeyCode.TryParse(values["keyCode"], out _)
            || !TryInstant(values["issuedAt"], out var issuedAt)
            || !TryInstant(values["openingPossibleFrom"], out var from)
            || Fields.Skip(1).Take(3).Any(f => values[f].Length is 0 or > 64))
        {
            return null;
        }

        return (new OpeningKeyFile(values["deviceManagementNumber"], values["modelNumber"], values["serialNumber"], values["keyCode"], issuedAt, from), signature);
    }

    private IEnumerable<string> Values() =>
    [
        FormatVersion,
        DeviceManagementNumber,
        ModelNumber,
        SerialNumber,
        KeyCode,
        IssuedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        OpeningPossibleFrom.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
    ];

    private static bool TryInstant(string text, out DateTimeOffset instant) =>
        DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);
}

/// <summary>A key file as an opening report carried it: its fields, and whether its signature is the centre's.</summary>
public sealed record SentKeyFile(OpeningKeyFile File, bool Genuine);
