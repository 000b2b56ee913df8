using System.Text;

namespace Firebreak.Response;

/// <summary>A small Markdown writer with LF line endings, so rendered artifacts are byte-identical on every platform.</summary>
public sealed class MarkdownDoc
{
    private readonly StringBuilder _text = new();

    /// <summary>Appends a heading of the given level, preceded by a blank line unless it opens the document.</summary>
    public MarkdownDoc Heading(int level, string title)
    {
        Blank();
        _text.Append('#', level).Append(' ').Append(title).Append('\n');
        _text.Append('\n');
        return this;
    }

    /// <summary>Appends one line.</summary>
    public MarkdownDoc Line(string line = "")
    {
        _text.Append(line).Append('\n');
        return this;
    }

    /// <summary>Appends a bold field line, e.g. <c>**Status**: RESOLVED</c>, ending with two spaces for a hard break.</summary>
    public MarkdownDoc Field(string name, string value)
    {
        _text.Append("**").Append(name).Append("**: ").Append(value).Append("  \n");
        return this;
    }

    /// <summary>Appends a bullet.</summary>
    public MarkdownDoc Bullet(string text)
    {
        _text.Append("- ").Append(text).Append('\n');
        return this;
    }

    /// <summary>Appends bullets, or the fallback bullet when there are none.</summary>
    public MarkdownDoc Bullets(IEnumerable<string> items, string whenEmpty)
    {
        var any = false;
        foreach (var item in items)
        {
            Bullet(item);
            any = true;
        }

        if (!any)
        {
            Bullet(whenEmpty);
        }

        return this;
    }

    /// <summary>Appends a numbered list, or the fallback line when there are none.</summary>
    public MarkdownDoc Numbered(IEnumerable<string> items, string whenEmpty)
    {
        var n = 0;
        foreach (var item in items)
        {
            n++;
            _text.Append(n).Append(". ").Append(item).Append('\n');
        }

        if (n == 0)
        {
            _text.Append("1. ").Append(whenEmpty).Append('\n');
        }

        return this;
    }

    /// <summary>Appends pre-rendered Markdown (a table, a block), ensuring it ends with a newline.</summary>
    public MarkdownDoc Raw(string markdown)
    {
        _text.Append(markdown);
        if (markdown.Length > 0 && markdown[^1] != '\n')
        {
            _text.Append('\n');
        }

        return this;
    }

    /// <summary>Appends a fenced code block.</summary>
    public MarkdownDoc Fence(string language, IEnumerable<string> lines)
    {
        Blank();
        _text.Append("```").Append(language).Append('\n');
        foreach (var line in lines)
        {
            _text.Append(line).Append('\n');
        }

        _text.Append("```\n");
        return this;
    }

    /// <summary>Ensures the text ends with exactly one blank line (no-op at the start).</summary>
    public MarkdownDoc Blank()
    {
        if (_text.Length == 0)
        {
            return this;
        }

        if (_text[^1] != '\n')
        {
            _text.Append('\n');
        }

        if (_text.Length < 2 || _text[^2] != '\n')
        {
            _text.Append('\n');
        }

        return this;
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = _text.ToString().TrimEnd('\n');
        return text + "\n";
    }
}
