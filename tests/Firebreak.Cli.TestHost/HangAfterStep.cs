using Firebreak.Response;

namespace Firebreak.Cli.TestHost;

/// <summary>After step <paramref name="step"/> is stored, prints "stored step N" on stderr and waits forever (the test kills the process).</summary>
internal sealed class HangAfterStep(int step) : IStepObserver
{
    /// <inheritdoc/>
    public async Task StepStoredAsync(int number, string name, CancellationToken cancellationToken)
    {
        if (number != step)
        {
            return;
        }

        await Console.Error.WriteLineAsync($"stored step {number}").ConfigureAwait(false);
        await Console.Error.FlushAsync(cancellationToken).ConfigureAwait(false);
        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
    }
}
