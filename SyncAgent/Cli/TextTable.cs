using Spectre.Console;
using Spectre.Console.Rendering;

namespace CrmSync.SyncAgent.Cli;

/// <summary>The CLI's rounded Spectre tables. Headers and cells go in as plain text, never as markup.</summary>
internal static class TextTable
{
    /// <summary>A rounded table with <paramref name="columns"/> and, when given, <paramref name="title"/>.</summary>
    public static Table Create(string? title, params string[] columns)
    {
        var table = new Table { Border = TableBorder.Rounded };
        if (title is not null)
        {
            table.Title = new TableTitle(title);
        }

        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(new Text(column)));
        }

        return table;
    }

    /// <summary>Adds one row of plain-text <paramref name="cells"/>.</summary>
    public static void AddRow(Table table, params string[] cells) => table.AddRow(cells.Select(c => (IRenderable)new Text(c)).ToArray());
}
