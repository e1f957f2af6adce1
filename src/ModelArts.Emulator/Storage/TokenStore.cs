using System.Linq;

namespace ModelArts.Emulator.Storage
{
    /// <summary>Issued IAM tokens, kept by their SHA-256 so the file never holds a usable token.</summary>
    public sealed class TokenStore
    {
        private readonly Database _db;

        public TokenStore(Database db) => _db = db;

        public void Save(string tokenHash, TokenRecord token) =>
            _db.Write((c, tx) => Database.Execute(c, tx,
                "INSERT INTO tokens(token_hash, user_name, project_id, issued_at, expires_at) VALUES($hash, $user, $project, $issued, $expires)",
                ("$hash", tokenHash), ("$user", token.UserName), ("$project", token.ProjectId), ("$issued", token.IssuedAt), ("$expires", token.ExpiresAt)));

        public TokenRecord? Find(string tokenHash) =>
            _db.Read(c => Database.Query(c, null, "SELECT user_name, project_id, issued_at, expires_at FROM tokens WHERE token_hash = $hash",
                r => new TokenRecord(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetInt64(2), r.GetInt64(3)),
                ("$hash", tokenHash)).FirstOrDefault());

        public int DeleteExpired(long now) =>
            _db.Write((c, tx) => Database.Execute(c, tx, "DELETE FROM tokens WHERE expires_at < $now", ("$now", now)));
    }
}
