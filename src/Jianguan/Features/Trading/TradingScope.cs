using System.Linq.Expressions;
using Jianguan.Platform.Scopes;

namespace Jianguan.Features.Trading;

/// <summary>
/// The data scope applied to trading rows: a member unit sees the projects it supervises and those of the trading
/// categories named in its sectors; sections and bids follow their project.
/// </summary>
public static class TradingScope
{
    /// <summary>The trading categories wholly in a sector scope.</summary>
    public static IReadOnlyList<TradingCategory> Categories(DataScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return [.. ParseSectors(string.Join('|', scope.Sectors))];
    }

    /// <summary>
    /// Trading categories named in a unit's '|'-joined sectors, by Chinese name or code. Industries that are not
    /// categories (房屋建筑工程, 交通工程 …) select nothing by themselves: such a unit sees the projects that name it
    /// as supervising department.
    /// </summary>
    public static IEnumerable<TradingCategory> ParseSectors(string? sectors)
    {
        if (string.IsNullOrWhiteSpace(sectors))
        {
            yield break;
        }

        var seen = new HashSet<TradingCategory>();
        foreach (var part in sectors.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            foreach (var category in TradingLabels.Categories)
            {
                if ((part == TradingLabels.CategoryName(category)
                     || string.Equals(part, category.ToString(), StringComparison.OrdinalIgnoreCase))
                    && seen.Add(category))
                {
                    yield return category;
                }
            }
        }
    }

    public static IQueryable<TradingProject> Apply(this DataScope scope, IQueryable<TradingProject> projects)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(projects);
        return scope.Kind switch
        {
            DataScopeKind.All => projects,
            DataScopeKind.Sector => projects.Where(ProjectFilter(scope)),
            DataScopeKind.None => projects.Where(_ => false),
            _ => throw new InvalidOperationException(scope.Kind.ToString()),
        };
    }

    public static IQueryable<Section> Apply(this DataScope scope, IQueryable<Section> sections)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(sections);
        return scope.Kind switch
        {
            DataScopeKind.All => sections,
            DataScopeKind.Sector => sections.Where(Through<Section>(ProjectFilter(scope), s => s.Project!)),
            DataScopeKind.None => sections.Where(_ => false),
            _ => throw new InvalidOperationException(scope.Kind.ToString()),
        };
    }

    public static IQueryable<Bid> Apply(this DataScope scope, IQueryable<Bid> bids)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(bids);
        return scope.Kind switch
        {
            DataScopeKind.All => bids,
            DataScopeKind.Sector => bids.Where(Through<Bid>(ProjectFilter(scope), b => b.Section!.Project!)),
            DataScopeKind.None => bids.Where(_ => false),
            _ => throw new InvalidOperationException(scope.Kind.ToString()),
        };
    }

    /// <summary>The rule applied to any row that reaches its project (the analysis summary rows, ADR-021).</summary>
    public static IQueryable<T> Apply<T>(this DataScope scope, IQueryable<T> rows, Expression<Func<T, TradingProject>> toProject)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(toProject);
        return scope.Kind switch
        {
            DataScopeKind.All => rows,
            DataScopeKind.Sector => rows.Where(Through(ProjectFilter(scope), toProject)),
            DataScopeKind.None => rows.Where(_ => false),
            _ => throw new InvalidOperationException(scope.Kind.ToString()),
        };
    }

    /// <summary>The same rule in memory, for rows already loaded.</summary>
    public static bool Includes(this DataScope scope, TradingProject project)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(project);
        return scope.Kind switch
        {
            DataScopeKind.All => true,
            DataScopeKind.Sector => project.SupervisingOrganisationId == scope.OrganisationId || Categories(scope).Contains(project.Category),
            _ => false,
        };
    }

    private static Expression<Func<TradingProject, bool>> ProjectFilter(DataScope scope)
    {
        var organisationId = scope.OrganisationId;
        var categories = Categories(scope);
        if (categories.Count == 0)
        {
            return p => p.SupervisingOrganisationId == organisationId;
        }

        // An OR of equalities rather than a parameter list: the same SQL on both providers and usable by indexes.
        Expression<Func<TradingProject, bool>> filter = p => p.SupervisingOrganisationId == organisationId;
        var parameter = filter.Parameters[0];
        var body = filter.Body;
        foreach (var category in categories)
        {
            body = Expression.OrElse(body, Expression.Equal(
                Expression.Property(parameter, nameof(TradingProject.Category)), Expression.Constant(category)));
        }

        return Expression.Lambda<Func<TradingProject, bool>>(body, parameter);
    }

    /// <summary>A project filter applied to the project reached from another row.</summary>
    private static Expression<Func<T, bool>> Through<T>(
        Expression<Func<TradingProject, bool>> projectFilter, Expression<Func<T, TradingProject>> toProject)
    {
        var body = new Replace(projectFilter.Parameters[0], toProject.Body).Visit(projectFilter.Body);
        return Expression.Lambda<Func<T, bool>>(body, toProject.Parameters[0]);
    }

    private sealed class Replace(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
