using System;
using System.Collections.Generic;

namespace ModelArts.Emulator.Auth
{
    /// <summary>What became of one checked credential.</summary>
    internal enum AttemptResult
    {
        Passed,
        Failed,
        Locked,
    }

    /// <summary>
    /// Counts failed credential checks per key and locks the key after too many. Each check runs under the lockout's
    /// lock, so a burst of concurrent failures is counted one by one and never gets more checks than allowed.
    /// </summary>
    internal sealed class FailureLockout
    {
        private readonly Dictionary<string, (int Failures, DateTimeOffset FirstFailure, DateTimeOffset LockedUntil)> _state =
            new Dictionary<string, (int, DateTimeOffset, DateTimeOffset)>(StringComparer.Ordinal);
        private readonly TimeProvider _clock;
        private readonly bool _holderPassesWhileLocked;

        private FailureLockout(int failuresToLock, TimeSpan? window, TimeSpan lockTime, bool holderPassesWhileLocked, bool enabled, TimeProvider clock)
        {
            FailuresToLock = failuresToLock;
            Window = window;
            LockTime = lockTime;
            _holderPassesWhileLocked = holderPassesWhileLocked;
            Enabled = enabled;
            _clock = clock;
        }

        public int FailuresToLock { get; }

        /// <summary>The time within which the failures count; null: they count while they come one after another.</summary>
        public TimeSpan? Window { get; }
        public TimeSpan LockTime { get; }
        public bool Enabled { get; }

        /// <summary>
        /// The gateway's rule: more than five bad signatures in a row lock the access key for five minutes. The access
        /// key travels in clear, so anyone could trip the lock; a correct signature therefore still passes while the key
        /// is locked (it proves the secret key, which no guess of an HMAC-SHA256 key reaches), and only wrong ones hear "locked".
        /// </summary>
        public static FailureLockout ForSignatures(bool enabled, TimeProvider clock) =>
            new FailureLockout(6, null, TimeSpan.FromMinutes(5), holderPassesWhileLocked: true, enabled, clock);

        /// <summary>IAM's default login policy: five wrong passwords within 15 minutes lock the user for 15 minutes, right password or not.</summary>
        public static FailureLockout ForPasswords(bool enabled, TimeProvider clock) =>
            new FailureLockout(5, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15), holderPassesWhileLocked: false, enabled, clock);

        /// <summary>Runs <paramref name="check"/> for <paramref name="key"/>; <paramref name="left"/> is the lock's time left when Locked.</summary>
        public AttemptResult Attempt(string key, Func<bool> check, out TimeSpan left)
        {
            left = TimeSpan.Zero;
            if (!Enabled)
            {
                return check() ? AttemptResult.Passed : AttemptResult.Failed;
            }
            lock (_state)
            {
                var now = _clock.GetUtcNow();
                _state.TryGetValue(key, out var entry);
                var locked = entry.LockedUntil > now;
                if (locked && !_holderPassesWhileLocked)
                {
                    left = entry.LockedUntil - now;
                    return AttemptResult.Locked;
                }
                if (check())
                {
                    _state.Remove(key);
                    return AttemptResult.Passed;
                }
                if (locked)
                {
                    left = entry.LockedUntil - now;
                    return AttemptResult.Locked;
                }
                if ((entry.LockedUntil != default && entry.LockedUntil <= now) || (Window is TimeSpan window && now - entry.FirstFailure > window))
                {
                    entry = default;
                }
                var failures = entry.Failures + 1;
                _state[key] = failures >= FailuresToLock
                    ? (0, default, now + LockTime)
                    : (failures, entry.Failures == 0 ? now : entry.FirstFailure, default);
                return AttemptResult.Failed;
            }
        }
    }

    /// <summary>The two lockouts of the service: bad signatures per access key, wrong passwords per user.</summary>
    internal sealed record Lockouts(FailureLockout Signatures, FailureLockout Passwords);
}
