using System.IO;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace ModelArts.Emulator.Http
{
    /// <summary>
    /// Reads each request body once, up to the size limit (413 beyond it), so that the signature check and the
    /// endpoint see the same bytes.
    /// </summary>
    public sealed class RequestBody
    {
        private static readonly object Key = new object();
        private readonly RequestDelegate _next;
        private readonly long _limit;

        public RequestBody(RequestDelegate next, long limit)
        {
            _next = next;
            _limit = limit;
        }

        public static byte[] Of(HttpContext context) => context.Items[Key] as byte[] ?? System.Array.Empty<byte>();

        public async Task InvokeAsync(HttpContext context)
        {
            if (context.Request.ContentLength > _limit)
            {
                throw TooLarge();
            }
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                if (buffer.Length + read > _limit)
                {
                    throw TooLarge();
                }
                buffer.Write(chunk, 0, read);
            }
            var body = buffer.ToArray();
            context.Items[Key] = body;
            context.Request.Body = new MemoryStream(body, writable: false);
            await _next(context);
        }

        private ApiException TooLarge() =>
            ApiException.Gateway(StatusCodes.Status413PayloadTooLarge, "APIG.0201", $"Request entity too large: the limit is {_limit} bytes.");
    }
}
