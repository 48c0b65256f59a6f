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
    /// <summary>Administrators and deputies may apply and change contacts (FAQ Q1-18, Q3-6).</summary>
    public static bool CanManage(this MemberRole role) => role is MemberRole.Administrator or MemberRole.Deputy;
}
