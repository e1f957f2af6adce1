using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelArts.Core.Errors;
using ModelArts.Core.Obs;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>
    /// New-MaTrainingJob -LocalCodeDir: the folder's contents go to -CodeDir, unchanged files are not sent again. Planned
    /// (folder checked and listed) before the job's first request, so a wrong folder costs no call; sent just before the job is created.
    /// </summary>
    internal sealed class ObsCodeUpload
    {
        private readonly string _localCodeDir;
        private readonly ObsLocation _destination;
        private readonly IReadOnlyList<(string LocalPath, ObsLocation Remote)> _files;

        private ObsCodeUpload(string localCodeDir, ObsLocation destination, IReadOnlyList<(string LocalPath, ObsLocation Remote)> files)
        {
            _localCodeDir = localCodeDir;
            _destination = destination;
            _files = files;
        }

        /// <returns>Null without -LocalCodeDir.</returns>
        public static ObsCodeUpload? Plan(ModelArtsSessionCmdlet cmdlet, string? localCodeDir, string? codeDir)
        {
            if (localCodeDir == null)
            {
                return null;
            }

            if (string.IsNullOrEmpty(codeDir))
            {
                throw new ModelArtsValidationException(ValidationErrorIds.MissingCodeDir, "-LocalCodeDir needs -CodeDir: the OBS folder to upload it to.", "CodeDir");
            }

            var destination = ObsLocation.Parse(codeDir!.TrimEnd('/') + "/", "CodeDir");
            var local = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(localCodeDir);
            if (File.Exists(local))
            {
                throw new ModelArtsValidationException(
                    ValidationErrorIds.LocalCodeDirNotFolder, "-LocalCodeDir '" + localCodeDir + "' is a file; give the folder that holds the code.", "LocalCodeDir", localCodeDir);
            }

            var files = ObsTransfer.PlanUpload(local, destination, recurse: true, contentsOnly: true);
            if (files.Count == 0)
            {
                throw new ModelArtsValidationException(
                    ValidationErrorIds.LocalCodeDirEmpty, "-LocalCodeDir '" + localCodeDir + "' holds no file: the job would have no code to run.", "LocalCodeDir", localCodeDir);
            }

            return new ObsCodeUpload(localCodeDir, destination, files);
        }

        public void Upload(ModelArtsSessionCmdlet cmdlet)
        {
            var transfer = new ObsTransfer(cmdlet.Client.Obs, new ObsTransferOptions { SkipUnchanged = true });
            var results = ObsTransferRunner.Run(cmdlet, transfer, "Uploading " + _localCodeDir + " to " + _destination, ct => transfer.UploadAsync(_files, ct));
            if (results.Count != _files.Count)
            {
                throw new ModelArtsException(ModelArtsErrorKind.InvalidArgument, "Not every file of " + _localCodeDir + " reached " + _destination + "; the job was not created.");
            }

            cmdlet.Verbose("Code folder " + _localCodeDir + ": " + results.Count(r => !r.Skipped) + " file(s) sent, " + results.Count(r => r.Skipped) + " unchanged.");
        }
    }
}
