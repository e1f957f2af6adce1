using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using ModelArts.Core.Errors;
using ModelArts.PowerShell.Commands;

namespace ModelArts.Module.Tests
{
    public sealed class HyperparametersTests
    {
        private static string[] Parse(params object?[] values) =>
            Hyperparameters.From(values).Select(h => h.Label + "=" + h.Value).ToArray();

        [Fact]
        public void AnOrderedDictionaryKeepsTheUsersOrder()
        {
            var ordered = new OrderedDictionary { ["zeta"] = 1, ["alpha"] = "two", ["mid"] = 0.5 };

            Assert.Equal(new[] { "zeta=1", "alpha=two", "mid=0.5" }, Parse(ordered));
        }

        [Fact]
        public void AHashtableHasNoOrderSoItIsSortedByLabelIgnoringCase()
        {
            var table = new Hashtable { ["z"] = "last", ["B"] = 2, ["a"] = 1 };

            Assert.Equal(new[] { "a=1", "B=2", "z=last" }, Parse(table));
        }

        [Fact]
        public void AStringIsLabelEqualsValueSplitAtTheFirstEquals()
        {
            Assert.Equal(new[] { "b=2", "query=x=y" }, Parse("b=2", "query=x=y"));
        }

        [Fact]
        public void ThePythonSdksTwoKeyDictionariesAreOneHyperparameterEach()
        {
            var sdk = new object[]
            {
                new Hashtable { ["label"] = "classes", ["value"] = "10" },
                new Hashtable { ["Name"] = "epochs", ["Value"] = 3 },
            };

            Assert.Equal(new[] { "classes=10", "epochs=3" }, Parse(sdk));
        }

        [Fact]
        public void ObjectsWithLabelOrNameAndValueAreReadByTheirProperties()
        {
            var label = new PSObject();
            label.Properties.Add(new PSNoteProperty("Label", "a"));
            label.Properties.Add(new PSNoteProperty("Value", 1));
            var name = new PSObject();
            name.Properties.Add(new PSNoteProperty("Name", "b"));
            name.Properties.Add(new PSNoteProperty("Value", "two"));

            Assert.Equal(new[] { "a=1", "b=two", "c=3" }, Parse(label, name, new KeyValuePair<string, int>("c", 3)));
        }

        [Fact]
        public void MixedFormsKeepTheirOrderAndNullsAreSkipped()
        {
            Assert.Equal(new[] { "b=2", "a=1", "c=first", "z=last" }, Parse("b=2", null, new Hashtable { ["a"] = 1 }, new Hashtable { ["z"] = "last", ["c"] = "first" }));
        }

        [Fact]
        public void NumbersAreWrittenInTheInvariantCulture()
        {
            var culture = Thread.CurrentThread.CurrentCulture;
            Thread.CurrentThread.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            try
            {
                Assert.Equal(new[] { "learning_rate=0.01" }, Parse(new OrderedDictionary { ["learning_rate"] = 0.01 }));
            }
            finally
            {
                Thread.CurrentThread.CurrentCulture = culture;
            }
        }

        [Theory]
        [InlineData("noequals", "label=value")]
        [InlineData("=value", "label=value")]
        [InlineData(42, "Label (or Name) and Value")]
        public void BadInputIsInvalidHyperparameterNamingTheValueAndTheRule(object value, string reason)
        {
            var error = Assert.Throws<ModelArtsValidationException>(() => Hyperparameters.From(new[] { value }));

            Assert.Equal("InvalidHyperparameter", error.ErrorId);
            Assert.Equal("Hyperparameter", error.ParameterName);
            Assert.Contains(reason, error.Message);
        }

        [Fact]
        public void AnEmptyLabelInADictionaryIsRefused()
        {
            var error = Assert.Throws<ModelArtsValidationException>(() => Hyperparameters.From(new object[] { new Hashtable { [""] = 1 } }));

            Assert.Equal("InvalidHyperparameter", error.ErrorId);
            Assert.Contains("the label is empty", error.Message);
        }

        [Fact]
        public void AnObjectWithoutValueIsRefusedWithItselfAsTarget()
        {
            var foo = new PSObject();
            foo.Properties.Add(new PSNoteProperty("Foo", 1));

            var error = Assert.Throws<ModelArtsValidationException>(() => Hyperparameters.From(new object[] { foo }));

            Assert.Equal("InvalidHyperparameter", error.ErrorId);
            Assert.Same(foo, error.Target);
        }

        [Fact]
        public void NothingGivenIsNoHyperparameters()
        {
            Assert.Empty(Hyperparameters.From(null));
        }
    }
}
