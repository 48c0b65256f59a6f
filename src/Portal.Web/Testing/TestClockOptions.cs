namespace Portal.Web.Testing;

/// <summary>The portal's clock moved for end-to-end tests: <c>Testing:ClockOffsetMinutes</c> in <c>Testing:ClockFile</c>.</summary>
public sealed class TestClockOptions
{
    public const string Section = "Testing";

    public double ClockOffsetMinutes { get; set; }
}
