using System.Text;
using MimeKit;

namespace Portal.Application.Domain.Users;

/// <summary>How people write e-mail addresses and Japanese phone numbers, and which forms the centre can use.</summary>
public static class ContactFormats
{
    /// <summary>
    /// Full-width digits and hyphens (０３－１２３４－５６７８), as Japanese input methods often produce,
    /// become their ASCII forms; surrounding spaces go.
    /// </summary>
    public static string Normalize(string? text) => (text ?? string.Empty).Normalize(NormalizationForm.FormKC).Replace('ー', '-').Replace('‐', '-').Trim();

    /// <summary>A phone number's digits alone: how staff search compares numbers written with or without hyphens.</summary>
    public static string Digits(string? phone) => new((phone ?? string.Empty).Where(char.IsAsciiDigit).ToArray());

    /// <summary>
    /// A Japanese phone number with or without hyphens: starts with 0 and has 10 digits (fixed lines, 0120)
    /// or 11 (mobile, 050 IP phones); hyphens only between digits.
    /// </summary>
    public static bool IsJapanesePhone(string phone)
    {
        if (phone.Length == 0 || phone[0] != '0' || phone[^1] == '-' || phone.Contains("--", StringComparison.Ordinal))
        {
            return false;
        }

        if (!phone.All(c => char.IsAsciiDigit(c) || c == '-'))
        {
            return false;
        }

        var digits = phone.Count(char.IsAsciiDigit);
        return digits is 10 or 11;
    }

    /// <summary>
    /// One plain address (name@domain.tld) that the mail library sending it accepts: checked where an address is
    /// entered (profile, contacts, a report's reply address) and again before a message is sent, so an address
    /// saved in the past that the sender cannot use fails that message alone. Display names or lists are refused,
    /// and so are forms MimeKit rejects, such as a local part ending in a dot (taro.@docomo.ne.jp), which some
    /// older Japanese mobile addresses have: the centre could not deliver to them.
    /// </summary>
    public static bool IsEmail(string email) =>
        email.Length <= 254
        && !email.Any(char.IsWhiteSpace)
        && MailboxAddress.TryParse(ParserOptions.Default, email, out var mailbox)
        && string.IsNullOrEmpty(mailbox.Name)
        && mailbox.Address == email
        && mailbox.Domain.Contains('.', StringComparison.Ordinal)
        && !mailbox.Domain.EndsWith('.')
        && !mailbox.Domain.StartsWith('[');
}
