using System;

namespace ModelArts.Core.Auth
{
    /// <summary>Who calls ModelArts. <see cref="Describe"/> is safe to show; nothing else here is.</summary>
    public abstract class ModelArtsCredentials
    {
        internal ModelArtsCredentials()
        {
        }

        /// <summary>Where these came from: Explicit, Environment or Profile:&lt;name&gt;.</summary>
        public string Source { get; internal set; } = "Explicit";

        /// <summary>A masked description for Get-MaSession and -Verbose.</summary>
        public abstract string Describe();

        public override string ToString() => Describe();

        /// <summary>Keeps the first and last four characters of a longer value, masks everything else.</summary>
        internal static string Mask(string value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return string.Empty;
            }

            return value.Length <= 8 ? new string('*', value.Length) : value.Substring(0, 4) + "****" + value.Substring(value.Length - 4);
        }
    }

    /// <summary>AK/SK, permanent or temporary (with a security token).</summary>
    public sealed class AccessKeyCredentials : ModelArtsCredentials
    {
        public AccessKeyCredentials(string accessKey, string secretKey, string? securityToken = null)
        {
            if (string.IsNullOrWhiteSpace(accessKey))
            {
                throw new ArgumentException("The access key is empty.", nameof(accessKey));
            }

            if (string.IsNullOrEmpty(secretKey))
            {
                throw new ArgumentException("The secret key is empty.", nameof(secretKey));
            }

            AccessKey = accessKey.Trim();
            SecretKey = secretKey;
            SecurityToken = string.IsNullOrEmpty(securityToken) ? null : securityToken;
        }

        public string AccessKey { get; }

        public string SecretKey { get; }

        /// <summary>Set for temporary AK/SK; sent as X-Security-Token.</summary>
        public string? SecurityToken { get; }

        /// <summary>The access key with all but its first and last four characters masked: what may be shown.</summary>
        public string MaskedAccessKey => Mask(AccessKey);

        public override string Describe() =>
            (SecurityToken == null ? "AK/SK " : "temporary AK/SK ") + MaskedAccessKey + " (" + Source + ")";
    }

    /// <summary>IAM user name and password; the core trades them for a project-scoped token.</summary>
    public sealed class PasswordCredentials : ModelArtsCredentials
    {
        /// <param name="domainName">The account (domain) name; null for an account login, where the user is the account.</param>
        public PasswordCredentials(string userName, string password, string? domainName)
        {
            if (string.IsNullOrWhiteSpace(userName))
            {
                throw new ArgumentException("The user name is empty.", nameof(userName));
            }

            if (string.IsNullOrEmpty(password))
            {
                throw new ArgumentException("The password is empty.", nameof(password));
            }

            UserName = userName.Trim();
            Password = password;
            DomainName = string.IsNullOrWhiteSpace(domainName) ? UserName : domainName!.Trim();
        }

        public string UserName { get; }

        public string Password { get; }

        public string DomainName { get; }

        public override string Describe() => "password of " + DomainName + "/" + UserName + " (" + Source + ")";
    }
}
