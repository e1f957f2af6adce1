using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ModelArts.Emulator.Faults;

namespace ModelArts.Emulator.Http
{
    /// <summary>
    /// The outermost middleware: gives every request an X-Request-Id, turns exceptions into the error bodies of
    /// the real service, and records each request in the request log and on the console log.
    /// </summary>
    internal sealed partial class RequestContext
    {
        private readonly RequestLog _log;
        private readonly ILogger _logger;

        public RequestContext(RequestLog log, ILoggerFactory loggers)
        {
            _log = log;
            _logger = loggers.CreateLogger("ModelArts.Emulator.Requests");
        }

        public async Task InvokeAsync(HttpContext context, RequestDelegate next)
        {
            var requestId = Guid.NewGuid().ToString("N");
            context.Response.Headers["X-Request-Id"] = requestId;
            var watch = Stopwatch.StartNew();
            try
            {
                await next(context);
            }
            catch (ApiException e) when (!context.Response.HasStarted)
            {
                if (e.RetryAfterSeconds is int seconds)
                {
                    context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                }
                await Wire.WriteAsync(context, e.Status, e.Body(requestId));
            }
            catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                LogFailed(e, requestId);
                await Wire.WriteAsync(context, StatusCodes.Status500InternalServerError, new ApiException(500, "ModelArts.0010", "Internal error.").Body(requestId));
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client went away; there is nobody to answer.
            }
            finally
            {
                var fault = context.Items[FaultInjector.ItemKey] as string;
                var status = fault == "hang" ? 0 : context.Response.StatusCode;
                var entry = _log.Add(context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "",
                    status, watch.ElapsedMilliseconds, requestId, fault);
                LogRequest(status is >= 400 or 0 ? LogLevel.Warning : LogLevel.Information,
                    entry.Method, entry.Path, entry.Query, entry.Status, entry.ElapsedMs, requestId, fault == null ? "" : ", fault " + fault);
            }
        }

        // EventId 0 here and in the service's other log messages: the console log prints "[0]" as before they were generated.
        [LoggerMessage(EventId = 0, Level = LogLevel.Error, Message = "Request {RequestId} failed.")]
        private partial void LogFailed(Exception error, string requestId);

        [LoggerMessage(EventId = 0, Message = "{Method} {Path}{Query} -> {Status} in {Elapsed} ms (request {RequestId}{Fault})")]
        private partial void LogRequest(LogLevel level, string method, string path, string query, int status, long elapsed, string requestId, string fault);
    }
}
