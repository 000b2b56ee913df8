namespace Firebreak.Storage;

/// <summary>The incident database cannot be opened or used (not a SQLite file, a newer schema, a locked or read-only file).</summary>
public sealed class IncidentStoreException : Exception
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public IncidentStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a one-line message and its cause.</summary>
    public IncidentStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception without a message.</summary>
    public IncidentStoreException()
    {
    }
}
