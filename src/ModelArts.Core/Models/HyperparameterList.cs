using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace ModelArts.Core.Models
{
    /// <summary>
    /// A job's hyperparameters. Export-Csv writes a property with ToString(), which for an array is its type name
    /// (<c>Hyperparameter[]</c>); this list writes <c>lr=0.1; epochs=3</c> instead, and stays a list for scripts.
    /// </summary>
    public sealed class HyperparameterList : ReadOnlyCollection<Hyperparameter>
    {
        internal HyperparameterList(IEnumerable<Hyperparameter> parameters)
            : base(parameters.ToList())
        {
        }

        internal static HyperparameterList Empty { get; } = new HyperparameterList(Enumerable.Empty<Hyperparameter>());

        public override string ToString() => string.Join("; ", this.Select(p => p.ToString()));
    }
}
