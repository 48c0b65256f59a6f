using System.Security.Cryptography;

namespace Portal.Application.Domain.Registrations;

/// <summary>開局キーコード: five digits, leading zeros allowed.</summary>
public readonly record struct KeyCode
{
    private KeyCode(string value) => Value = value;

    public string Value { get; }

    /// <summary>Opening work may start this long after issuance, when the code has reached the receiving system (FAQ Q1-17).</summary>
    public static readonly TimeSpan ActivationDelay = TimeSpan.FromHours(1);

    public static bool TryParse(string? text, out KeyCode keyCode)
    {
        keyCode = default;
        if (text is not { Length: 5 } || !text.All(char.IsAsciiDigit))
        {
            return false;
        }

        keyCode = new KeyCode(text);
        return true;
    }

    public static KeyCode NewRandom() => new(RandomNumberGenerator.GetInt32(0, 100_000).ToString("D5", System.Globalization.CultureInfo.InvariantCulture));

    public override string ToString() => Value;
}
