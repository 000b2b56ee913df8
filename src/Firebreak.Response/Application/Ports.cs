using Firebreak.Core;

namespace Firebreak.Response;

/// <summary>The incident folder's file work, kept out of the handler and the steps: folders, evidence copies and action logs.</summary>
public interface IIncidentWorkspace
{
    /// <summary>Creates the folder that holds every incident of a project and the store.</summary>
    void EnsureIncidentsFolder(string projectDirectory);

    /// <summary>True when the project already has an incident store.</summary>
    bool StoreExists(string projectDirectory);

    /// <summary>Creates the incident folder's sub-folders.</summary>
    void CreateFolders(string incidentDirectory, IReadOnlyList<string> folders);

    /// <summary>Copies evidence files (relative to the project) into the incident with a SHA-256 manifest.</summary>
    Task<PreservedEvidence> PreserveAsync(string projectDirectory, string incidentDirectory, IReadOnlyList<string> files, CancellationToken cancellationToken);

    /// <summary>Writes a mitigation command's log at <paramref name="relativePath"/> inside the incident folder.</summary>
    Task WriteActionLogAsync(string incidentDirectory, string relativePath, string text, CancellationToken cancellationToken);
}

/// <summary>The real incident folder on disk.</summary>
public sealed class IncidentFolderWorkspace : IIncidentWorkspace
{
    /// <inheritdoc/>
    public void EnsureIncidentsFolder(string projectDirectory) =>
        PrivateFiles.CreateFolder(projectDirectory, FlowRequest.IncidentsDirectory(projectDirectory));

    /// <inheritdoc/>
    public bool StoreExists(string projectDirectory) => File.Exists(FlowRequest.StorePath(projectDirectory));

    /// <inheritdoc/>
    public void CreateFolders(string incidentDirectory, IReadOnlyList<string> folders)
    {
        ArgumentNullException.ThrowIfNull(folders);
        foreach (var folder in folders)
        {
            Directory.CreateDirectory(Path.Combine(incidentDirectory, folder));
        }
    }

    /// <inheritdoc/>
    public Task<PreservedEvidence> PreserveAsync(string projectDirectory, string incidentDirectory, IReadOnlyList<string> files, CancellationToken cancellationToken) =>
        EvidenceVault.PreserveAsync(projectDirectory, incidentDirectory, files, cancellationToken);

    /// <inheritdoc/>
    public async Task WriteActionLogAsync(string incidentDirectory, string relativePath, string text, CancellationToken cancellationToken)
    {
        var path = Path.Combine(incidentDirectory, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, text, cancellationToken).ConfigureAwait(false);
    }
}

// NoticeState (decided, drafted, sent, failed, confirmed) is Core's: one owner for the concept.

/// <summary>A notice to deliver: who, what, and the draft it came from.</summary>
public sealed record Notice(string Audience, IReadOnlyList<string> Recipients, string Text, string? Artifact);

/// <summary>Delivers notices (e-mail, chat, paging later); a placeholder today.</summary>
public interface INotifier
{
    /// <summary>Delivers the notice, or says it stays a draft.</summary>
    Task<NoticeState> DeliverAsync(Notice notice, CancellationToken cancellationToken);
}

/// <summary>Sends nothing: every notice stays a draft (Firebreak has no delivery channel yet).</summary>
public sealed class DraftOnlyNotifier : INotifier
{
    /// <summary>The shared instance.</summary>
    public static DraftOnlyNotifier Instance { get; } = new();

    /// <inheritdoc/>
    public Task<NoticeState> DeliverAsync(Notice notice, CancellationToken cancellationToken) => Task.FromResult(NoticeState.Drafted);
}

/// <summary>The outbox's record of an incident's messages: what was queued, sent or given up on, with each channel's answer.</summary>
public interface IDeliveryLedger
{
    /// <summary>The incident's outbox messages in the order they were queued.</summary>
    Task<IReadOnlyList<NoticeDelivery>> ListAsync(string incidentId, CancellationToken cancellationToken);
}

/// <summary>No outbox: nothing was queued.</summary>
public sealed class NoDeliveries : IDeliveryLedger
{
    /// <summary>The shared instance.</summary>
    public static NoDeliveries Instance { get; } = new();

    /// <inheritdoc/>
    public Task<IReadOnlyList<NoticeDelivery>> ListAsync(string incidentId, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<NoticeDelivery>>([]);
}

/// <summary>Told after each step's events are durably stored; tests own implementations that inject faults.</summary>
public interface IStepObserver
{
    /// <summary>Called once step <paramref name="number"/>'s events are in the store.</summary>
    Task StepStoredAsync(int number, string name, CancellationToken cancellationToken);
}

/// <summary>Observes nothing.</summary>
public sealed class NoStepObserver : IStepObserver
{
    /// <summary>The shared instance.</summary>
    public static NoStepObserver Instance { get; } = new();

    /// <inheritdoc/>
    public Task StepStoredAsync(int number, string name, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>A request the handler refuses before writing anything (bad input: exit 2 on the command line).</summary>
public sealed class RequestRefusedException(string message) : Exception(message);

/// <summary>How the application closes the incident store it opened, whichever disposal the store offers.</summary>
public static class IncidentStores
{
    /// <summary>Closes a store the way it wants to be closed.</summary>
    public static async Task CloseAsync(IIncidentStore store)
    {
        switch (store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
            default:
                break;
        }
    }
}
