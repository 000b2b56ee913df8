using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Firebreak.Evidence.Tests")]
