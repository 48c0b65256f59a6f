namespace Portal.Application.Domain.Customers;

/// <summary>A user's role on one support ID (利用管理者 / 利用管理者代行 / 利用者).</summary>
public enum MemberRole
{
    Administrator = 1,
    Deputy = 2,
    User = 3,
}

public static class MemberRoleExtensions
{
    /// <summary>
    /// Administrators and deputies may apply and change contacts (FAQ Q1-18, Q3-6). Queries filter on this list, so
    /// the database and the code agree on who manages a support ID.
    /// </summary>
    public static readonly MemberRole[] ManagingRoles = [MemberRole.Administrator, MemberRole.Deputy];

    public static bool CanManage(this MemberRole role) => ManagingRoles.Contains(role);

    /// <summary>
    /// Whether a member in this role may give <paramref name="role"/> to someone, or change or end a membership in it.
    /// An administrator may do so for every role; a deputy (who acts for the administrator in daily work, Q1-18) for
    /// users only, so that a deputy can neither make administrators nor remove them; a user for none.
    /// </summary>
    public static bool CanAssign(this MemberRole actor, MemberRole role) =>
        actor == MemberRole.Administrator || (actor == MemberRole.Deputy && role == MemberRole.User);
}
