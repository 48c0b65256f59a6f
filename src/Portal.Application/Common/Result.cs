namespace Portal.Application.Common;

public enum ResultStatus
{
    Ok,
    NotFound,
    Invalid,
    Conflict,
    Forbidden,
}

/// <summary>
/// A stable, language-neutral error: the web layer turns <see cref="Code"/> into a message. <see cref="Argument"/>
/// fills the message's placeholder (an instant is given in ISO 8601 and shown in Japan time). <see cref="Subject"/>
/// names the item of a request for many (a device of a bulk maintenance announcement) the error is about.
/// </summary>
public sealed record Error(string Code, string? Field = null, string? Argument = null, Guid? Subject = null);

public class Result
{
    protected Result(ResultStatus status, IReadOnlyList<Error> errors)
    {
        Status = status;
        Errors = errors;
    }

    public ResultStatus Status { get; }
    public IReadOnlyList<Error> Errors { get; }
    public bool IsOk => Status == ResultStatus.Ok;

    public static Result Ok() => new(ResultStatus.Ok, []);
    public static Result NotFound(string code = ErrorCodes.NotFound) => new(ResultStatus.NotFound, [new Error(code)]);
    public static Result Forbidden(string code) => new(ResultStatus.Forbidden, [new Error(code)]);
    public static Result Conflict(string code) => new(ResultStatus.Conflict, [new Error(code)]);
    public static Result Invalid(params Error[] errors) => new(ResultStatus.Invalid, errors);
    public static Result Invalid(string code, string? field = null) => new(ResultStatus.Invalid, [new Error(code, field)]);

    /// <summary>
    /// For a transition the caller has already checked is legal: a failure here is a bug, never an outcome to
    /// drop silently.
    /// </summary>
    public void OrThrow()
    {
        if (!IsOk)
        {
            throw new InvalidOperationException($"A transition checked as legal failed: {Errors[0].Code}.");
        }
    }

    /// <summary>Carries a failure over to a result of another value type.</summary>
    public Result<T> As<T>() => IsOk
        ? throw new InvalidOperationException("An Ok result has no failure to carry over.")
        : new Result<T>(Status, Errors, default);
}

public sealed class Result<T> : Result
{
    internal Result(ResultStatus status, IReadOnlyList<Error> errors, T? value)
        : base(status, errors) => Value = value;

    /// <summary>The value; only meaningful when <see cref="Result.IsOk"/>.</summary>
    public T? Value { get; }

    public static Result<T> Ok(T value) => new(ResultStatus.Ok, [], value);

    public static implicit operator Result<T>(T value) => Ok(value);

    /// <inheritdoc cref="Result.OrThrow"/>
    public new T OrThrow()
    {
        base.OrThrow();
        return Value!;
    }
}
