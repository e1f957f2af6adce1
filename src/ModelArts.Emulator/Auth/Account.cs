using System;
using System.Security.Cryptography;
using System.Text;
using ModelArts.Emulator.Options;

namespace ModelArts.Emulator.Auth
{
    /// <summary>The one cloud account the local service knows: its user, domain, project and access key.</summary>
    internal sealed class Account
    {
        public Account(EmulatorOptions options)
        {
            AccessKey = options.AccessKey;
            SecretKey = options.SecretKey;
            SecurityToken = options.SecurityToken;
            ProjectId = options.ProjectId;
            ProjectName = options.ProjectName;
            UserName = options.User;
            Password = options.Password;
            DomainName = options.Domain;
            DomainId = StableId("domain:" + options.Domain);
            UserId = StableId("user:" + options.User);
        }

        public string AccessKey { get; }
        public string SecretKey { get; }
        public string? SecurityToken { get; }
        public string ProjectId { get; }
        public string ProjectName { get; }
        public string UserName { get; }
        public string Password { get; }
        public string DomainName { get; }
        public string DomainId { get; }
        public string UserId { get; }

        /// <summary>Compares in constant time, so the answer time says nothing about how much of a secret matched.</summary>
        public static bool SecretEquals(string? given, string expected) =>
            given != null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));

        /// <summary>A 32-hex id derived from a name, the same on every start.</summary>
        private static string StableId(string name) =>
            Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name)), 0, 16).ToLowerInvariant();
    }
}
