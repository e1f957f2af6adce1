using System;
using System.Collections.Generic;

namespace ModelArts.Emulator.Auth
{
    /// <summary>The gateway's rule: more than five bad signatures in a row lock the access key for five minutes.</summary>
    public sealed class SignatureLockout
    {
        public const int AllowedFailures = 5;
        public static readonly TimeSpan LockTime = TimeSpan.FromMinutes(5);

        private readonly Dictionary<string, (int Failures, DateTimeOffset LockedUntil)> _state = new Dictionary<string, (int, DateTimeOffset)>(StringComparer.Ordinal);
        private readonly TimeProvider _clock;

        public SignatureLockout(TimeProvider clock) => _clock = clock;

        /// <summary>How long the key stays locked, or null when it is not locked.</summary>
        public TimeSpan? LockedFor(string accessKey)
        {
            lock (_state)
            {
                if (_state.TryGetValue(accessKey, out var entry) && entry.LockedUntil > _clock.GetUtcNow())
                {
                    return entry.LockedUntil - _clock.GetUtcNow();
                }
                return null;
            }
        }

        public void RecordFailure(string accessKey)
        {
            lock (_state)
            {
                _state.TryGetValue(accessKey, out var entry);
                var failures = entry.LockedUntil != default && entry.LockedUntil <= _clock.GetUtcNow() ? 1 : entry.Failures + 1;
                _state[accessKey] = failures > AllowedFailures
                    ? (0, _clock.GetUtcNow() + LockTime)
                    : (failures, default);
            }
        }

        public void RecordSuccess(string accessKey)
        {
            lock (_state)
            {
                _state.Remove(accessKey);
            }
        }
    }
}
