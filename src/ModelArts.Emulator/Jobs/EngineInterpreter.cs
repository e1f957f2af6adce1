using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Linq;
using ModelArts.Emulator.Catalog;
using ModelArts.Emulator.Options;

namespace ModelArts.Emulator.Jobs
{
    /// <summary>
    /// The Python interpreter a version's engine runs with. An engine mapped by <c>--engine-python</c> (by its
    /// version, else its name) must have its framework: the interpreter is asked once whether it imports the
    /// framework's module, and a job fails before it starts, with the reason, rather than with a traceback.
    /// Unmapped engines run with <c>--python</c> unchecked, since many local scripts only name an engine.
    /// </summary>
    internal sealed class EngineInterpreter
    {
        /// <summary>The module each engine family's scripts import.</summary>
        private static readonly Dictionary<string, string> FrameworkModules = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["PyTorch"] = "torch",
            ["TensorFlow"] = "tensorflow",
            ["MXNet"] = "mxnet",
            ["Caffe"] = "caffe",
            ["Ray"] = "ray",
            ["Spark_MLlib"] = "pyspark",
            ["XGBoost-Sklearn"] = "xgboost",
            ["MindSpore-GPU"] = "mindspore",
        };

        private readonly EmulatorOptions _options;
        private readonly JobCatalog _catalog;
        private readonly ConcurrentDictionary<(string Interpreter, string Module), string?> _problems = new ConcurrentDictionary<(string, string), string?>();

        public EngineInterpreter(EmulatorOptions options, JobCatalog catalog)
        {
            _options = options;
            _catalog = catalog;
        }

        public string For(long? engineId)
        {
            var engine = engineId is long id ? _catalog.EngineById(id) : null;
            if (engine == null
                || !(_options.EnginePython.TryGetValue(engine.EngineVersion, out var interpreter) || _options.EnginePython.TryGetValue(engine.EngineName, out interpreter)))
            {
                return _options.Python;
            }
            if (FrameworkModules.TryGetValue(engine.EngineName, out var module) && _problems.GetOrAdd((interpreter, module), Probe) is string problem)
            {
                throw new JobStartException(
                    $"The engine {engine.EngineName} {engine.EngineVersion} runs with {interpreter} (--engine-python), which {problem}. " +
                    $"Install {engine.EngineName} for that interpreter or map the engine to one that has it.");
            }
            return interpreter;
        }

        /// <summary>Null when the interpreter imports the module, else what went wrong in words for the log.</summary>
        private static string? Probe((string Interpreter, string Module) key)
        {
            var start = new ProcessStartInfo(key.Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("import " + key.Module);
            try
            {
                using var process = Process.Start(start) ?? throw new Win32Exception("no process was started");
                process.StandardInput.Close();
                var output = process.StandardOutput.ReadToEndAsync();
                var error = process.StandardError.ReadToEndAsync();
                if (!process.WaitForExit(120_000))
                {
                    process.Kill(true);
                    return $"did not import {key.Module} within two minutes";
                }
                var lastLine = error.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
                return process.ExitCode == 0 ? null : $"cannot import {key.Module} ({lastLine ?? "exit code " + process.ExitCode})";
            }
            catch (Win32Exception e)
            {
                return $"cannot be started ({e.Message})";
            }
        }
    }
}
