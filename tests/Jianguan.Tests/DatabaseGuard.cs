using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("Jianguan.Tests.DatabaseGuard", "Jianguan.Tests")]

namespace Jianguan.Tests;

/// <summary>
/// Keeps the PostgreSQL leg complete. test.sh runs only the tests marked <c>[Trait("Category", "Database")]</c> on
/// PostgreSQL, so a test that gets a database without the mark would quietly run on SQLite alone. This framework
/// (xunit's own, plus a note of which tests are running: a class while its fixtures are built, then each method) lets
/// the database helpers call <see cref="Check"/>, which fails the test, or the class whose fixture it is, when any
/// test in that scope lacks the mark. The SQLite leg runs every test, so a missing mark fails there. It also tells
/// <see cref="StallReport"/> when each test method starts and ends.
/// </summary>
public sealed class DatabaseGuard(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    public const string TraitName = "Category";
    public const string TraitValue = "Database";

    private static readonly AsyncLocal<Scope?> Running = new();

    /// <summary>Throws unless every test that can reach this database carries the Database trait.</summary>
    public static void Check(string helper)
    {
        var scope = Running.Value
            ?? throw new InvalidOperationException(
                $"{helper} was created outside a test class or method, where the PostgreSQL leg cannot select it.");
        if (!scope.Marked)
        {
            throw new InvalidOperationException(
                $"{scope.Name} creates a database ({helper}) but lacks [Trait(\"{TraitName}\", \"{TraitValue}\")]: "
                + "test.sh would not run it on PostgreSQL. Mark the method, or the class when a fixture owns the database.");
        }
    }

    private static bool AllMarked(IEnumerable<IXunitTestCase> testCases) =>
        testCases.All(c => c.Traits.TryGetValue(TraitName, out var values) && values.Contains(TraitValue));

    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed record Scope(string Name, bool Marked);

    // The runners below are xunit's, each only creating the next one down so the class runner can note the scope.
    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformation, IMessageSink diagnostics)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformation, diagnostics)
    {
        protected override async void RunTestCases(
            IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            StallReport.Start();
            using var runner = new AssemblyRunner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
            await runner.RunAsync();
        }
    }

    private sealed class AssemblyRunner(
        ITestAssembly testAssembly, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnostics,
        IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        : XunitTestAssemblyRunner(testAssembly, testCases, diagnostics, executionMessageSink, executionOptions)
    {
        protected override Task<RunSummary> RunTestCollectionAsync(
            IMessageBus messageBus, ITestCollection testCollection, IEnumerable<IXunitTestCase> testCases,
            CancellationTokenSource cancellationTokenSource) =>
            new CollectionRunner(testCollection, testCases, DiagnosticMessageSink, messageBus, TestCaseOrderer,
                new ExceptionAggregator(Aggregator), cancellationTokenSource).RunAsync();
    }

    private sealed class CollectionRunner(
        ITestCollection testCollection, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnostics, IMessageBus messageBus,
        ITestCaseOrderer testCaseOrderer, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource)
        : XunitTestCollectionRunner(testCollection, testCases, diagnostics, messageBus, testCaseOrderer, aggregator, cancellationTokenSource)
    {
        protected override Task<RunSummary> RunTestClassAsync(
            ITestClass testClass, IReflectionTypeInfo @class, IEnumerable<IXunitTestCase> testCases) =>
            new ClassRunner(testClass, @class, testCases, DiagnosticMessageSink, MessageBus, TestCaseOrderer,
                new ExceptionAggregator(Aggregator), CancellationTokenSource, CollectionFixtureMappings).RunAsync();
    }

    private sealed class ClassRunner(
        ITestClass testClass, IReflectionTypeInfo @class, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnostics,
        IMessageBus messageBus, ITestCaseOrderer testCaseOrderer, ExceptionAggregator aggregator,
        CancellationTokenSource cancellationTokenSource, IDictionary<Type, object> collectionFixtureMappings)
        : XunitTestClassRunner(testClass, @class, testCases, diagnostics, messageBus, testCaseOrderer, aggregator,
            cancellationTokenSource, collectionFixtureMappings)
    {
        // Class fixtures are built here, once for all the class's tests (those this run selected).
        protected override async Task AfterTestClassStartingAsync()
        {
            Running.Value = new Scope(Class.Name, AllMarked(TestCases));
            await StallReport.WatchAsync(Class.Name + " (class fixtures)", async () =>
            {
                await base.AfterTestClassStartingAsync();
                return true;
            });
        }

        protected override async Task<RunSummary> RunTestMethodAsync(
            ITestMethod testMethod, IReflectionMethodInfo method, IEnumerable<IXunitTestCase> testCases, object[] constructorArguments)
        {
            var cases = testCases.ToList();
            var name = $"{Class.Name}.{method.Name}";
            Running.Value = new Scope(name, AllMarked(cases));
            return await StallReport.WatchAsync(name, () => base.RunTestMethodAsync(testMethod, method, cases, constructorArguments));
        }
    }
}
