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

    public Rule<T, TArgument> And(Rule<T, TArgument> other) =>
        new(Expression.Lambda<Func<T, TArgument, bool>>(Expression.AndAlso(_definition.Body, other.BodyOver(_definition.Parameters)), _definition.Parameters));

    public Rule<T, TArgument> Not() => new(Expression.Lambda<Func<T, TArgument, bool>>(Expression.Not(_definition.Body), _definition.Parameters));

    /// <summary>
    /// The rule for one argument as a filter of rows from which <paramref name="facts"/> reads the item, e.g.
    /// <c>row =&gt; new Facts { A = row.X.A, B = subquery }</c>: each use of a member of the item becomes what the
    /// initialiser binds to it, so the database evaluates the rule on the row's own columns.
    /// </summary>
    public Expression<Func<TRow, bool>> On<TRow>(Expression<Func<TRow, T>> facts, TArgument argument)
    {
        var filter = For(argument);
        var body = new Bind(filter.Parameters[0], facts.Body).Visit(filter.Body);
        return Expression.Lambda<Func<TRow, bool>>(body, facts.Parameters[0]);
    }

    /// <summary>
    /// The rule as a filter of rows that hold both the item and the argument, e.g. a contact and the person's profile
    /// joined to it: the database compares the row's own columns, where <see cref="For"/> would take a fixed argument.
    /// </summary>
    public Expression<Func<TRow, bool>> On<TRow>(Expression<Func<TRow, T>> item, Expression<Func<TRow, TArgument>> argument)
    {
        var row = item.Parameters[0];
        var body = new Replace(_definition.Parameters[0], item.Body).Visit(_definition.Body);
        body = new Replace(_definition.Parameters[1], new Replace(argument.Parameters[0], row).Visit(argument.Body)).Visit(body);
        return Expression.Lambda<Func<TRow, bool>>(body, row);
    }

    private Expression BodyOver(System.Collections.ObjectModel.ReadOnlyCollection<ParameterExpression> parameters) =>
        new Replace(_definition.Parameters[1], parameters[1]).Visit(new Replace(_definition.Parameters[0], parameters[0]).Visit(_definition.Body));

    private sealed class Bind(ParameterExpression item, Expression facts) : ExpressionVisitor
    {
        protected override Expression VisitMember(MemberExpression node) =>
            node.Expression == item && facts is MemberInitExpression init && init.Bindings.OfType<MemberAssignment>().FirstOrDefault(b => b.Member.Name == node.Member.Name) is { } bound
                ? bound.Expression
                : base.VisitMember(node);

        protected override Expression VisitParameter(ParameterExpression node) => node == item ? facts : node;
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
