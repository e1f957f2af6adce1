using System;
using System.Collections.Generic;

namespace ModelArts.Core.Models
{
    /// <summary>One resource series of one task of a v2 job: a sample a minute, null where the service has none (-1).</summary>
    public sealed class TrainingJobMetric
    {
        internal TrainingJobMetric()
        {
        }

        public string JobId { get; internal set; } = string.Empty;

        /// <summary>worker-0, …</summary>
        public string Task { get; internal set; } = string.Empty;

        /// <summary>cpuUsage, memUsage, gpuUtil, gpuMemUsage, npuUtil or npuMemUsage.</summary>
        public string Metric { get; internal set; } = string.Empty;

        public IReadOnlyList<double?> Values { get; internal set; } = Array.Empty<double?>();

        public override string ToString() => Task + " " + Metric;
    }
}
