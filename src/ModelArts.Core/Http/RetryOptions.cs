using System;

namespace ModelArts.Core.Http
{
    /// <summary>Bounds of the retry loop: attempts, exponential backoff with jitter, and total time.</summary>
    public sealed class RetryOptions
    {
        /// <summary>Attempts in all, the first included. 1 turns retries off.</summary>
        public int MaxAttempts { get; set; } = 4;

        /// <summary>Backoff before the second attempt; doubles each time, before jitter.</summary>
        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(0.5);

        /// <summary>Cap of the computed backoff. A server's Retry-After is honoured beyond it, within <see cref="MaxTotal"/>.</summary>
        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(20);

        /// <summary>No retry starts if it would end after this much time since the first attempt.</summary>
        public TimeSpan MaxTotal { get; set; } = TimeSpan.FromMinutes(2);
    }
}
