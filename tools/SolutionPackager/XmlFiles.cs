using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace CrmSync.SolutionPackager;

/// <summary>Reads the commented source XML and writes the packed XML byte-for-byte reproducibly.</summary>
internal static class XmlFiles
{
    public static XDocument Load(string sourceDirectory, string relativePath)
    {
        var path = Path.Combine(sourceDirectory, relativePath);
        if (!File.Exists(path))
        {
            throw new SolutionPackException($"The solution source has no '{relativePath}' (looked for '{path}').");
        }

        XDocument document;
        try
        {
            document = XDocument.Load(path, LoadOptions.None);
        }
        catch (XmlException exception)
        {
            throw new SolutionPackException($"'{path}' is not well-formed XML: {exception.Message}", exception);
        }

        // The source comments explain choices to people; the packed files carry only data.
        document.DescendantNodes().OfType<XComment>().ToList().ForEach(comment => comment.Remove());
        return document;
    }

    public static byte[] Serialize(XDocument document, bool declaration)
    {
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\r\n",
            NewLineHandling = NewLineHandling.Replace,
            OmitXmlDeclaration = !declaration,
        };

        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, settings))
        {
            document.Save(writer);
        }

        return buffer.ToArray();
    }
}
