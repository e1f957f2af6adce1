using System.Linq;

namespace ModelArts.Emulator.Storage
{
    /// <summary>
    /// Issued IAM tokens, kept by their SHA-256 so the file never holds a usable token, and temporary access keys
    /// (whose secret the service must know to check signatures; their security token is kept hashed).
    /// </summary>
    internal sealed class CredentialStore
    {
        private readonly Database _db;

        public CredentialStore(Database db) => _db = db;

        public void SaveToken(string tokenHash, TokenRecord token) =>
            _db.Write((c, tx) => Database.Execute(c, tx,
                "INSERT INTO tokens(token_hash, user_name, project_id, issued_at, expires_at) VALUES($hash, $user, $project, $issued, $expires)",
                ("$hash", tokenHash), ("$user", token.UserName), ("$project", token.ProjectId), ("$issued", token.IssuedAt), ("$expires", token.ExpiresAt)));

        public TokenRecord? FindToken(string tokenHash) =>
            _db.Read(c => Database.Query(c, null, "SELECT user_name, project_id, issued_at, expires_at FROM tokens WHERE token_hash = $hash",
                r => new TokenRecord(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetInt64(2), r.GetInt64(3)),
                ("$hash", tokenHash)).FirstOrDefault());

        public void SaveTemporaryKey(TemporaryKey key) =>
            _db.Write((c, tx) => Database.Execute(c, tx,
                "INSERT INTO temporary_keys(access_key, secret_key, security_token_hash, expires_at, project_id) VALUES($ak, $sk, $hash, $expires, $project)",
                ("$ak", key.AccessKey), ("$sk", key.SecretKey), ("$hash", key.SecurityTokenHash), ("$expires", key.ExpiresAt), ("$project", key.ProjectId)));

        public TemporaryKey? FindTemporaryKey(string accessKey) =>
            _db.Read(c => Database.Query(c, null, "SELECT access_key, secret_key, security_token_hash, expires_at, project_id FROM temporary_keys WHERE access_key = $ak",
                r => new TemporaryKey(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.IsDBNull(4) ? null : r.GetString(4)),
                ("$ak", accessKey)).FirstOrDefault());
    }
}
