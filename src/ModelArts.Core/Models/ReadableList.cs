using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace ModelArts.Core.Models
{
    /// <summary>
    /// A list property of a model that exports readably. Export-Csv writes a property with ToString(), which for an
    /// array is its type name (<c>Hyperparameter[]</c>, <c>System.String[]</c>); this list writes its items joined
    /// with "; " (<c>lr=0.1; epochs=3</c>) and stays a list for scripts and for ConvertTo-Json.
    /// </summary>
    public sealed class ReadableList<T> : ReadOnlyCollection<T>
    {
        internal ReadableList(IEnumerable<T> items)
            : base(items.ToList())
        {
        }

        internal static ReadableList<T> Empty { get; } = new ReadableList<T>(Enumerable.Empty<T>());

        public override string ToString() => string.Join("; ", this.Select(item => item?.ToString()));
    }
}
