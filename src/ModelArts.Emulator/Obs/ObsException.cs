using System;
using System.Collections.Generic;
using Microsoft.AspNetCore.Http;

namespace ModelArts.Emulator.Obs
{
    /// <summary>A refused OBS request: its status, the S3/OBS error code and the extra elements of the error body.</summary>
    internal sealed class ObsException : Exception
    {
        public ObsException(int status, string code, string message, params (string Name, string Value)[] details)
            : base(message)
        {
            Status = status;
            Code = code;
            Details = details;
        }

        public int Status { get; }
        public string Code { get; }
        public IReadOnlyList<(string Name, string Value)> Details { get; }

        public static ObsException AccessDenied(string message) => new ObsException(StatusCodes.Status403Forbidden, "AccessDenied", message);

        public static ObsException InvalidArgument(string message, string? name = null, string? value = null) =>
            name == null
                ? new ObsException(StatusCodes.Status400BadRequest, "InvalidArgument", message)
                : new ObsException(StatusCodes.Status400BadRequest, "InvalidArgument", message, ("ArgumentName", name), ("ArgumentValue", value ?? ""));

        public static ObsException InvalidRequest(string message) => new ObsException(StatusCodes.Status400BadRequest, "InvalidRequest", message);

        public static ObsException NoSuchBucket(string bucket) =>
            new ObsException(StatusCodes.Status404NotFound, "NoSuchBucket", "The specified bucket does not exist.", ("BucketName", bucket));

        public static ObsException NoSuchKey(string key) =>
            new ObsException(StatusCodes.Status404NotFound, "NoSuchKey", "The specified key does not exist.", ("Key", key));

        public static ObsException NoSuchUpload(string uploadId) =>
            new ObsException(StatusCodes.Status404NotFound, "NoSuchUpload",
                "The specified multipart upload does not exist. The upload ID might be invalid, or the upload might have been aborted or completed.",
                ("UploadId", uploadId));

        public static ObsException InvalidBucketName(string bucket, string reason) =>
            new ObsException(StatusCodes.Status400BadRequest, "InvalidBucketName", "The specified bucket is not valid: " + reason + ".", ("BucketName", bucket));

        public static ObsException MalformedXml(string detail) =>
            new ObsException(StatusCodes.Status400BadRequest, "MalformedXML",
                "The XML you provided was not well-formed or did not validate against our published schema: " + detail + ".");

        public static ObsException SignatureDoesNotMatch(string stringToSign) =>
            new ObsException(StatusCodes.Status403Forbidden, "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
                ("StringToSign", stringToSign));

        public static ObsException NotImplemented(string what) =>
            new ObsException(StatusCodes.Status501NotImplemented, "NotImplemented", "A header or query you provided implies functionality that is not implemented: " + what + ".");
    }
}
