using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace ModelArts.Emulator.Obs
{
    /// <summary>The XML OBS speaks (in the S3 namespace, as OBS answers S3 clients) and its date and ETag formats.</summary>
    internal static class ObsXml
    {
        public static readonly XNamespace S3 = "http://s3.amazonaws.com/doc/2006-03-01/";

        public static XElement E(string name, params object?[] content) => new XElement(S3 + name, content);

        /// <summary>ISO 8601 with milliseconds, as in listings.</summary>
        public static string Iso(DateTime utc) => utc.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        /// <summary>RFC 1123, as in Last-Modified.</summary>
        public static string Http(DateTime utc) => utc.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture);

        public static string Quote(string etag) => "\"" + etag + "\"";

        /// <summary>An ETag as clients send it back (quoted or not, any case), for comparison.</summary>
        public static string Unquote(string etag) => etag.Trim().Trim('"').ToLowerInvariant();

        public static async Task WriteAsync(HttpContext context, int status, XElement root)
        {
            var bytes = Serialize(root);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/xml";
            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        }

        public static byte[] Serialize(XElement root)
        {
            using var buffer = new MemoryStream();
            using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
            {
                new XDocument(new XDeclaration("1.0", "UTF-8", null), root).Save(writer);
            }
            return buffer.ToArray();
        }

        /// <summary>Parses a request body; no DTDs, so no entity expansion or external fetches.</summary>
        public static XElement Parse(byte[] body)
        {
            try
            {
                using var reader = XmlReader.Create(new MemoryStream(body), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
                return XDocument.Load(reader).Root ?? throw ObsException.MalformedXml("the body is empty");
            }
            catch (XmlException e)
            {
                throw ObsException.MalformedXml(e.Message);
            }
        }

        /// <summary>The child elements of that local name, whatever namespace the client wrote (clients differ).</summary>
        public static System.Collections.Generic.IEnumerable<XElement> Children(XElement parent, string name)
        {
            foreach (var child in parent.Elements())
            {
                if (child.Name.LocalName == name)
                {
                    yield return child;
                }
            }
        }

        public static string? Child(XElement parent, string name)
        {
            foreach (var child in Children(parent, name))
            {
                return child.Value;
            }
            return null;
        }

        /// <summary>URL-encodes a key for <c>encoding-type=url</c> answers, leaving '/' as it is.</summary>
        public static string UrlEncodeKey(string key) => Uri.EscapeDataString(key).Replace("%2F", "/");
    }
}
