using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using ModelArts.Core.Errors;
using ModelArts.Core.Models;

namespace ModelArts.Core.Api
{
    /// <summary>
    /// Estimator names to the v1 create body, per contract §3. Everything is checked here, before
    /// anything is sent; errors name the parameter and list the valid values.
    /// </summary>
    internal static class EstimatorResolver
    {
        // The limits the service puts on config.parameter; checked here so that bad input never reaches it.
        private const int MaxHyperparameters = 100;
        private const int MaxHyperparameterValueLength = 4096;
        private static readonly Regex HyperparameterLabel = new Regex("^[A-Za-z_][A-Za-z0-9_.-]{0,63}\\z", RegexOptions.CultureInvariant);

        public static CreateTrainingJobRequest Resolve(EstimatorSpec spec, IReadOnlyList<Flavor> flavors, IReadOnlyList<Engine> engines) =>
            Resolve(spec, flavors, engines, out _);

        /// <param name="engine">The engine the framework names resolved to; null for a custom image.</param>
        public static CreateTrainingJobRequest Resolve(EstimatorSpec spec, IReadOnlyList<Flavor> flavors, IReadOnlyList<Engine> engines, out Engine? engine) =>
            Complete(Prepare(spec), spec, flavors, engines, out engine);

        /// <summary>
        /// The checks that need no catalog (name, description, paths, code and boot file, hyperparameters, data source), so that bad input
        /// fails before the flavor and engine lists are read; <see cref="Complete"/> does the rest.
        /// </summary>
        public static CreateTrainingJobRequest Prepare(EstimatorSpec spec)
        {
            var name = string.IsNullOrEmpty(spec.Name) ? TrainingJobNames.Generate() : spec.Name!;
            TrainingJobNames.EnsureValid(name);
            TrainingJobDescriptions.EnsureValid(spec.Description);

            var config = new TrainingJobConfig
            {
                TrainUrl = Required(spec.OutputPath, ValidationErrorIds.MissingOutputPath, "OutputPath", directory: true),
                LogUrl = Optional(spec.LogUrl, "LogUrl", directory: true),
                Parameter = Hyperparameters(spec.Hyperparameters),
            };
            ResolveDataSource(spec, config);
            ResolveCode(spec, config);
            return new CreateTrainingJobRequest
            {
                JobName = name,
                JobDescription = spec.Description,
                Config = config,
            };
        }

        /// <summary>Resolves flavor and framework (or custom image) of a request made by <see cref="Prepare"/>.</summary>
        public static CreateTrainingJobRequest Complete(CreateTrainingJobRequest prepared, EstimatorSpec spec, IReadOnlyList<Flavor> flavors, IReadOnlyList<Engine> engines) =>
            Complete(prepared, spec, flavors, engines, out _);

        /// <param name="engine">The engine the framework names resolved to; null for a custom image.</param>
        public static CreateTrainingJobRequest Complete(CreateTrainingJobRequest prepared, EstimatorSpec spec, IReadOnlyList<Flavor> flavors, IReadOnlyList<Engine> engines, out Engine? engine)
        {
            var config = prepared.Config;
            ResolveFlavor(spec, flavors, config);
            engine = null;
            if (string.IsNullOrEmpty(spec.UserImageUrl))
            {
                engine = ResolveFramework(spec, engines, config);
            }
            else
            {
                ResolveCustomImage(spec, config);
            }

            return prepared;
        }

        /// <summary>The previous version as Estimator arguments, with the changes; a new data source replaces the previous one.</summary>
        public static EstimatorSpec Derive(TrainingJob previous, TrainingJobVersionChanges changes)
        {
            var usesDataset = changes.DatasetId != null || (changes.Inputs == null && previous.DatasetId != null);
            return new EstimatorSpec
            {
                Name = previous.Name,
                Description = changes.Description ?? previous.Description,
                FrameworkType = previous.FrameworkType,
                FrameworkVersion = previous.FrameworkVersion,
                CodeDir = previous.CodeDir,
                BootFile = previous.BootFile,
                OutputPath = changes.OutputPath ?? previous.OutputPath,
                LogUrl = changes.LogUrl ?? previous.LogUrl,
                Hyperparameters = changes.Hyperparameters ?? previous.Hyperparameters.ToList(),
                TrainInstanceType = changes.TrainInstanceType ?? previous.FlavorCode,
                TrainInstanceCount = changes.TrainInstanceCount ?? previous.WorkerCount,
                Inputs = usesDataset ? null : changes.Inputs ?? previous.DataUrl,
                DatasetId = !usesDataset ? null : changes.DatasetId ?? previous.DatasetId,
                DatasetVersionId = !usesDataset ? null : changes.DatasetVersionId ?? previous.DatasetVersionId,
                UserImageUrl = previous.UserImageUrl,
                UserCommand = previous.UserCommand,
            };
        }

        private static void ResolveDataSource(EstimatorSpec spec, TrainingJobConfig config)
        {
            var hasInputs = !string.IsNullOrEmpty(spec.Inputs);
            var hasDataset = !string.IsNullOrEmpty(spec.DatasetId);
            var hasDatasetVersion = !string.IsNullOrEmpty(spec.DatasetVersionId);
            if (hasInputs && (hasDataset || hasDatasetVersion))
            {
                throw Invalid(ValidationErrorIds.ConflictingDataSources, "Give either Inputs or DatasetId with DatasetVersionId, not both.", "Inputs", spec.Inputs);
            }

            if (hasDataset != hasDatasetVersion)
            {
                throw Invalid(ValidationErrorIds.DatasetVersionRequired, "DatasetId and DatasetVersionId go together; give both.", hasDataset ? "DatasetVersionId" : "DatasetId", spec.DatasetId ?? spec.DatasetVersionId);
            }

            if (hasInputs)
            {
                config.DataUrl = ObsPath.Normalize(spec.Inputs!, true, "Inputs");
            }
            else if (hasDataset)
            {
                config.DatasetId = spec.DatasetId;
                config.DatasetVersionId = spec.DatasetVersionId;
            }
            else
            {
                throw Invalid(ValidationErrorIds.MissingDataSource, "The job has no data: give Inputs (an OBS directory) or DatasetId with DatasetVersionId.", "Inputs", null);
            }
        }

        private static void ResolveFlavor(EstimatorSpec spec, IReadOnlyList<Flavor> flavors, TrainingJobConfig config)
        {
            if (spec.TrainInstanceCount < 1)
            {
                throw Invalid(ValidationErrorIds.InvalidTrainInstanceCount, "TrainInstanceCount must be at least 1.", "TrainInstanceCount", spec.TrainInstanceCount);
            }

            config.WorkerServerNum = spec.TrainInstanceCount;
            if (string.IsNullOrEmpty(spec.TrainInstanceType))
            {
                throw Invalid(ValidationErrorIds.MissingTrainInstanceType, "Give TrainInstanceType, one of: " + FlavorCodes(flavors) + ".", "TrainInstanceType", null);
            }

            var flavor = flavors.FirstOrDefault(f => string.Equals(f.Code, spec.TrainInstanceType, StringComparison.OrdinalIgnoreCase))
                ?? throw Invalid(ValidationErrorIds.UnknownTrainInstanceType, "Unknown TrainInstanceType '" + spec.TrainInstanceType + "'. Valid: " + FlavorCodes(flavors) + ".", "TrainInstanceType", spec.TrainInstanceType);
            if (spec.TrainInstanceCount > flavor.MaxNodes)
            {
                throw Invalid(
                    ValidationErrorIds.TrainInstanceCountExceedsMaxNodes,
                    "TrainInstanceCount " + spec.TrainInstanceCount + " exceeds the " + flavor.MaxNodes + " node(s) flavor " + flavor.Code + " allows.",
                    "TrainInstanceCount",
                    spec.TrainInstanceCount);
            }

            config.SpecId = flavor.SpecId;
            config.Flavor = new FlavorReference(flavor.Code);
        }

        private static Engine ResolveFramework(EstimatorSpec spec, IReadOnlyList<Engine> engines, TrainingJobConfig config)
        {
            if (!string.IsNullOrEmpty(spec.UserCommand))
            {
                throw Invalid(ValidationErrorIds.MissingUserImageUrl, "UserCommand needs UserImageUrl: it runs in a custom image.", "UserImageUrl", null);
            }

            if (string.IsNullOrEmpty(spec.FrameworkType) || string.IsNullOrEmpty(spec.FrameworkVersion))
            {
                throw Invalid(ValidationErrorIds.MissingFramework, "Give FrameworkType and FrameworkVersion (or UserImageUrl). Valid: " + EnginePairs(engines) + ".", "FrameworkType", null);
            }

            var engine = engines.FirstOrDefault(e =>
                    string.Equals(e.FrameworkType, spec.FrameworkType, StringComparison.OrdinalIgnoreCase)
                    && string.Equals(e.FrameworkVersion, spec.FrameworkVersion, StringComparison.OrdinalIgnoreCase));
            if (engine == null)
            {
                var sameType = engines.Where(e => string.Equals(e.FrameworkType, spec.FrameworkType, StringComparison.OrdinalIgnoreCase)).ToList();
                var valid = sameType.Count > 0
                    ? "Versions of " + sameType[0].FrameworkType + ": " + string.Join(", ", sameType.Select(e => e.FrameworkVersion))
                    : "Valid: " + EnginePairs(engines);
                throw Invalid(ValidationErrorIds.UnknownFramework, "Unknown framework '" + spec.FrameworkType + " " + spec.FrameworkVersion + "'. " + valid + ".", "FrameworkVersion", spec.FrameworkType + " " + spec.FrameworkVersion);
            }

            config.EngineId = engine.EngineId;
            return engine;
        }

        /// <summary>A framework job's code directory and boot file: they need no catalog, so they are checked in <see cref="Prepare"/>.</summary>
        private static void ResolveCode(EstimatorSpec spec, TrainingJobConfig config)
        {
            if (!string.IsNullOrEmpty(spec.UserImageUrl) || !string.IsNullOrEmpty(spec.UserCommand))
            {
                // A custom image job (or a UserCommand missing its image): Complete reports what is wrong with it.
                return;
            }

            var codeDir = Required(spec.CodeDir, ValidationErrorIds.MissingCodeDir, "CodeDir", directory: true);
            config.AppUrl = codeDir;
            config.BootFileUrl = BootFile(spec.BootFile, codeDir);
        }

        private static void ResolveCustomImage(EstimatorSpec spec, TrainingJobConfig config)
        {
            if (!string.IsNullOrEmpty(spec.FrameworkType) || !string.IsNullOrEmpty(spec.FrameworkVersion))
            {
                throw Invalid(ValidationErrorIds.FrameworkWithCustomImage, "A custom image job takes no FrameworkType or FrameworkVersion: the image is the framework.", "FrameworkType", spec.FrameworkType);
            }

            if (!string.IsNullOrEmpty(spec.CodeDir) || !string.IsNullOrEmpty(spec.BootFile))
            {
                throw Invalid(ValidationErrorIds.CodeWithCustomImage, "A custom image job takes no CodeDir or BootFile: UserCommand starts the code in the image.", "CodeDir", spec.CodeDir ?? spec.BootFile);
            }

            if (string.IsNullOrWhiteSpace(spec.UserCommand))
            {
                throw Invalid(ValidationErrorIds.MissingUserCommand, "A custom image job needs UserCommand, the command that starts training.", "UserCommand", null);
            }

            config.UserImageUrl = spec.UserImageUrl;
            config.UserCommand = spec.UserCommand;
        }

        /// <summary>A bare or relative name is taken relative to the code directory; a full path must lie under it.</summary>
        private static string BootFile(string? bootFile, string codeDir)
        {
            if (string.IsNullOrWhiteSpace(bootFile))
            {
                throw Invalid(ValidationErrorIds.MissingBootFile, "Give BootFile, the script under CodeDir that starts training.", "BootFile", null);
            }

            var text = bootFile!.Trim();
            var absolute = text.StartsWith("/", StringComparison.Ordinal) || text.IndexOf("://", StringComparison.Ordinal) >= 0;
            var path = ObsPath.Normalize(absolute ? text : codeDir + text, false, "BootFile");
            if (!ObsPath.IsUnder(path, codeDir))
            {
                throw Invalid(ValidationErrorIds.BootFileOutsideCodeDir, "BootFile '" + bootFile + "' is not under CodeDir '" + codeDir + "'.", "BootFile", bootFile);
            }

            return path;
        }

        private static List<Hyperparameter> Hyperparameters(IEnumerable<Hyperparameter>? given)
        {
            var result = new List<Hyperparameter>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var parameter in given ?? Enumerable.Empty<Hyperparameter>())
            {
                var label = parameter.Label.Trim();
                if (!HyperparameterLabel.IsMatch(label))
                {
                    throw Invalid(ValidationErrorIds.InvalidHyperparameter, "Hyperparameter name '" + Shorten(parameter.Label) + "' is invalid: it must start with a letter or '_' and hold at most 64 letters, digits, '_', '.' or '-'.", "Hyperparameters", parameter.Label);
                }

                if (!seen.Add(label))
                {
                    throw Invalid(ValidationErrorIds.InvalidHyperparameter, "Hyperparameter '" + label + "' is given twice.", "Hyperparameters", label);
                }

                var value = parameter.Value;
                var problem = value.Length > MaxHyperparameterValueLength
                    ? "it has " + value.Length + " characters; at most " + MaxHyperparameterValueLength + " are allowed"
                    : TextRules.Problem(value);
                if (problem != null)
                {
                    throw Invalid(ValidationErrorIds.InvalidHyperparameter, "The value of hyperparameter '" + label + "' is invalid: " + problem + ".", "Hyperparameters", label);
                }

                result.Add(new Hyperparameter(label, parameter.Value));
            }

            if (result.Count > MaxHyperparameters)
            {
                throw Invalid(ValidationErrorIds.InvalidHyperparameter, result.Count + " hyperparameters given; ModelArts takes at most " + MaxHyperparameters + ".", "Hyperparameters", result.Count);
            }

            return result;
        }

        private static string Shorten(string text) => text.Length <= 80 ? text : text.Substring(0, 80) + "… (" + text.Length + " characters)";

        private static string Required(string? path, string errorId, string parameter, bool directory) =>
            string.IsNullOrWhiteSpace(path)
                ? throw Invalid(errorId, "Give " + parameter + " (an OBS " + (directory ? "directory" : "file") + ").", parameter, null)
                : ObsPath.Normalize(path!, directory, parameter);

        private static string? Optional(string? path, string parameter, bool directory) =>
            string.IsNullOrWhiteSpace(path) ? null : ObsPath.Normalize(path!, directory, parameter);

        private static string FlavorCodes(IEnumerable<Flavor> flavors) => string.Join(", ", flavors.Select(f => f.Code));

        private static string EnginePairs(IEnumerable<Engine> engines) =>
            string.Join(", ", engines.Select(e => e.FrameworkType + " " + e.FrameworkVersion));

        private static ModelArtsValidationException Invalid(string errorId, string message, string parameter, object? target) =>
            new ModelArtsValidationException(errorId, message, parameter, target);
    }
}
