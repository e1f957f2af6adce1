using System;
using System.Collections.Generic;
using System.Management.Automation;
using ModelArts.Core.Errors;
using ModelArts.Core.Models;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>
    /// The one place where failures become error records: a precise category, a stable id, the object the
    /// user gave as target, and the service's error code and request id in the details.
    /// </summary>
    internal static class ErrorRecords
    {
        // Client-side checks whose category is more precise than InvalidArgument.
        private static readonly Dictionary<string, ErrorCategory> ValidationCategories = new Dictionary<string, ErrorCategory>(StringComparer.Ordinal)
        {
            [ValidationErrorIds.ProfileNotFound] = ErrorCategory.ObjectNotFound,
            [ValidationErrorIds.InvalidProfileFile] = ErrorCategory.InvalidData,
            [ValidationErrorIds.MissingCredentials] = ErrorCategory.AuthenticationError,
            [ValidationErrorIds.InsecureEndpoint] = ErrorCategory.SecurityError,
            [ValidationErrorIds.LocalPathNotFound] = ErrorCategory.ObjectNotFound,
            [ValidationErrorIds.LocalPathUnreadable] = ErrorCategory.PermissionDenied,
            [ValidationErrorIds.LocalDestinationExists] = ErrorCategory.ResourceExists,
        };

        /// <param name="notFoundId">The id of a NotFound answer: what the cmdlet looked for.</param>
        public static ErrorRecord From(ModelArtsException exception, object? target, string notFoundId = ErrorIds.TrainingJobNotFound)
        {
            string id;
            ErrorCategory category;
            if (exception is ModelArtsValidationException validation)
            {
                id = validation.ErrorId;
                category = ValidationCategories.TryGetValue(id, out var specific) ? specific : ErrorCategory.InvalidArgument;
                target = validation.Target ?? target;
            }
            else
            {
                (id, category) = exception.Kind == ModelArtsErrorKind.NotFound ? (notFoundId, ErrorCategory.ObjectNotFound) : Classify(exception.Kind);
            }

            var record = new ErrorRecord(exception, id, category, target);
            var advice = exception.Kind == ModelArtsErrorKind.ResourceExists ? NameTaken(target) : Advice(exception.Kind);
            // The default error view shows the message, not RecommendedAction: the one hint a newcomer needs goes in both.
            var message = exception.Kind == ModelArtsErrorKind.ResourceExists ? exception.Message + ". " + advice : exception.Message;
            record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = advice };
            return record;
        }

        /// <summary>A job that ended without completing (failed, killed or lost), with the evidence of why in the message.</summary>
        public static ErrorRecord JobEnded(JobFailureSummary summary)
        {
            var job = summary.Job;
            string id;
            ErrorCategory category;
            switch (job.StatusCode)
            {
                case JobStatus.Killed:
                case JobStatus.Canceled:
                    id = ErrorIds.TrainingJobKilled;
                    category = ErrorCategory.OperationStopped;
                    break;
                case JobStatus.Lost:
                    id = ErrorIds.TrainingJobLost;
                    category = ErrorCategory.ResourceUnavailable;
                    break;
                default:
                    id = ErrorIds.TrainingJobFailed;
                    category = ErrorCategory.InvalidResult;
                    break;
            }

            var message = summary.Message;
            return new ErrorRecord(new InvalidOperationException(message), id, category, job)
            {
                ErrorDetails = new ErrorDetails(message)
                {
                    RecommendedAction = job.VersionId != 0
                        ? "Read its whole log: Get-MaTrainingJobLog -JobId " + job.JobId + " -VersionId " + job.VersionId
                        : "Read its events: Get-MaTrainingJobEvent -JobId " + job.JobId,
                },
            };
        }

        public static ErrorRecord WaitTimedOut(TrainingJob job, TimeSpan timeout)
        {
            var message = "Training job '" + job.Name + "' (" + job.JobId + ") is still " + job.Status + " after " + timeout + "; it keeps running.";
            return new ErrorRecord(new TimeoutException(message), ErrorIds.WaitTrainingJobTimeout, ErrorCategory.OperationTimeout, job);
        }

        public static ErrorRecord NoSession() =>
            new ErrorRecord(
                new InvalidOperationException("There is no ModelArts session. Run Connect-MaSession first, or pass -Session."),
                ErrorIds.NoSession,
                ErrorCategory.InvalidOperation,
                null);

        public static ErrorRecord SessionDisconnected(ModelArtsSession session) =>
            new ErrorRecord(
                new InvalidOperationException("The session " + session + " was disconnected. Run Connect-MaSession again."),
                ErrorIds.SessionDisconnected,
                ErrorCategory.InvalidOperation,
                session);

        /// <summary>A name without wildcards that matched nothing, the way Get-Process reports it.</summary>
        public static ErrorRecord NotFound(string errorId, string what, string name) =>
            new ErrorRecord(new ItemNotFoundException("No " + what + " matches '" + name + "'."), errorId, ErrorCategory.ObjectNotFound, name);

        private static (string Id, ErrorCategory Category) Classify(ModelArtsErrorKind kind)
        {
            switch (kind)
            {
                case ModelArtsErrorKind.Authentication: return (ErrorIds.AuthenticationFailed, ErrorCategory.AuthenticationError);
                case ModelArtsErrorKind.PermissionDenied: return (ErrorIds.PermissionDenied, ErrorCategory.PermissionDenied);
                case ModelArtsErrorKind.ResourceExists: return (ErrorIds.TrainingJobNameExists, ErrorCategory.ResourceExists);
                case ModelArtsErrorKind.Throttled: return (ErrorIds.RequestThrottled, ErrorCategory.LimitsExceeded);
                case ModelArtsErrorKind.Timeout: return (ErrorIds.RequestTimedOut, ErrorCategory.OperationTimeout);
                case ModelArtsErrorKind.ServerError: return (ErrorIds.ServiceError, ErrorCategory.ResourceUnavailable);
                case ModelArtsErrorKind.Connection: return (ErrorIds.ConnectionFailed, ErrorCategory.ConnectionError);
                case ModelArtsErrorKind.InvalidResponse: return (ErrorIds.InvalidServiceResponse, ErrorCategory.InvalidResult);
                default: return (ErrorIds.InvalidRequest, ErrorCategory.InvalidArgument);
            }
        }

        private static string NameTaken(object? target) =>
            "Job names are unique in a project: choose another -Name, or remove the existing job first"
            + (target is string name ? " (Get-MaTrainingJob -Name '" + name.Replace("'", "''") + "' | Remove-MaTrainingJob)." : ".");

        private static string? Advice(ModelArtsErrorKind kind)
        {
            switch (kind)
            {
                case ModelArtsErrorKind.Authentication: return "Check the access key and secret key (or user, password and domain), then run Connect-MaSession again.";
                case ModelArtsErrorKind.PermissionDenied: return "Check the project id and the IAM permissions of the user.";
                case ModelArtsErrorKind.Throttled: return "The service is throttling requests; retry later.";
                case ModelArtsErrorKind.ServerError: return "The service failed; retry later and quote the request id if it persists.";
                case ModelArtsErrorKind.Connection: return "Check the endpoint and the network connection.";
                default: return null;
            }
        }
    }
}
