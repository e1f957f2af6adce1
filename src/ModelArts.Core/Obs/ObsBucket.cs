using System;

namespace ModelArts.Core.Obs
{
    /// <summary>A bucket of the account.</summary>
    public sealed class ObsBucket
    {
        public ObsBucket(string name, DateTimeOffset? creationDate)
        {
            Name = name;
            CreationDate = creationDate;
        }

        public string Name { get; }

        public DateTimeOffset? CreationDate { get; }

        public string Path => "obs://" + Name + "/";

        public override string ToString() => Path;
    }
}
