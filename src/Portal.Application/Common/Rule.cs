using System.Linq.Expressions;

namespace Portal.Application.Common;

/// <summary>
/// A predicate written once: as an expression the database evaluates in a query, and compiled for objects already
/// in memory, so a rule is never rewritten in LINQ beside its C# twin.
/// </summary>
public sealed class Rule<T, TArgument>
{
    private readonly Expression<Func<T, TArgument, bool>> _definition;
    private readonly Func<T, TArgument, bool> _compiled;

    public Rule(Expression<Func<T, TArgument, bool>> definition)
    {
        _definition = definition;
        _compiled = definition.Compile();
    }

    public bool IsSatisfiedBy(T item, TArgument argument) => _compiled(item, argument);

    /// <summary>The rule for one argument, as a query filter; the argument is a query parameter, not a constant.</summary>
    public Expression<Func<T, bool>> For(TArgument argument)
    {
        var holder = Expression.Field(Expression.Constant(new Holder(argument)), nameof(Holder.Value));
        var body = new Replace(_definition.Parameters[1], holder).Visit(_definition.Body);
        return Expression.Lambda<Func<T, bool>>(body, _definition.Parameters[0]);
    }

    private sealed class Holder(TArgument value)
    {
        public readonly TArgument Value = value;
    }

    private sealed class Replace(ParameterExpression parameter, Expression with) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? with : node;
    }
}
