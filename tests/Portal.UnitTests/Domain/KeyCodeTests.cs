using Portal.Application.Domain.Registrations;

namespace Portal.UnitTests.Domain;

public sealed class KeyCodeTests
{
    [Theory]
    [InlineData("00000")]
    [InlineData("01234")]
    [InlineData("99999")]
    public void FiveDigitsAreAKeyCode(string text)
    {
        Assert.True(KeyCode.TryParse(text, out var code));
        Assert.Equal(text, code.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1234")]
    [InlineData("123456")]
    [InlineData("12a45")]
    [InlineData("１２３４５")]
    public void AnythingElseIsNot(string? text) => Assert.False(KeyCode.TryParse(text, out _));

    [Fact]
    public void RandomCodesAreFiveDigitsAndVary()
    {
        var codes = Enumerable.Range(0, 200).Select(_ => KeyCode.NewRandom().Value).ToList();

        Assert.All(codes, c => Assert.True(KeyCode.TryParse(c, out _)));
        Assert.True(codes.Distinct().Count() > 150);
    }
}
