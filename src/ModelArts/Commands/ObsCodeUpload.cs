using System.Linq;
using ModelArts.Core.Errors;
using ModelArts.Core.Obs;

namespace ModelArts.PowerShell.Commands
{
    /// <summary>New-MaTrainingJob -LocalCodeDir: the folder's contents go to -CodeDir, unchanged files are not sent again.</summary>
    internal static class ObsCodeUpload
    {
        public static void Upload(ModelArtsSessionCmdlet cmdlet, string? localCodeDir, string? codeDir)
        {
            if (localCodeDir == null)
            {
                return;
            }

            if (string.IsNullOrEmpty(codeDir))
            {
                throw new ModelArtsValidationException(ValidationErrorIds.MissingCodeDir, "-LocalCodeDir needs -CodeDir: the OBS folder to upload it to.", "CodeDir");
            }

            var destination = ObsLocation.Parse(codeDir!.TrimEnd('/') + "/", "CodeDir");
            var local = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(localCodeDir);
            var files = ObsTransfer.PlanUpload(local, destination, recurse: true, contentsOnly: true);
            var transfer = new ObsTransfer(cmdlet.Client.Obs, new ObsTransferOptions { SkipUnchanged = true });
            var results = ObsTransferRunner.Run(cmdlet, transfer, "Uploading " + localCodeDir + " to " + destination, ct => transfer.UploadAsync(files, ct));
            if (results.Count != files.Count)
            {
                throw new ModelArtsException(ModelArtsErrorKind.InvalidArgument, "Not every file of " + localCodeDir + " reached " + destination + "; the job was not created.");
            }

            cmdlet.Verbose("Code folder " + localCodeDir + ": " + results.Count(r => !r.Skipped) + " file(s) sent, " + results.Count(r => r.Skipped) + " unchanged.");
        }
    }
}
