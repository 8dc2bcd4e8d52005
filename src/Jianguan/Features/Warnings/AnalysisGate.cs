namespace Jianguan.Features.Warnings;

/// <summary>
/// One analysis at a time per process: runs write the same rows (alerts, scores, the focus list). A singleton, so
/// the web app's uploads, the API, the nightly run and a command share it; a caller that arrives during a run waits
/// for it to finish and then runs its own (its sections may not have been part of the running one).
/// </summary>
public sealed class AnalysisGate : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public async Task<T> RunAsync<T>(Func<Task<T>> run, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(run);
        await gate.WaitAsync(ct);
        try
        {
            return await run();
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();
}
