// Usage: MlNetNeural.ModelScorer <model.zip> <data.csv> [column]
//
// Loads a model zip with nothing but ML.NET and MlNetNeural.Transforms, reads the CSV with the
// model's own input schema (columns in schema order), and prints every value of the column (Score unless named) of every row
// as the hexadecimal bits of the float, so the parent process can compare them bit for bit.
// It also prints the names of the assemblies it loaded, so the test can prove no training code came along.
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

if (args.Length is < 2 or > 3)
{
    Console.Error.WriteLine("usage: MlNetNeural.ModelScorer <model.zip> <data.csv> [column]");
    return 2;
}

var ml = new MLContext(seed: 1);
var model = ml.Model.Load(args[0], out var inputSchema);
var columns = new List<TextLoader.Column>();
int index = 0;
foreach (var column in inputSchema)
{
    var itemType = column.Type is VectorDataViewType v ? v.ItemType : column.Type;
    int size = column.Type is VectorDataViewType vector ? vector.Size : 1;
    var kind = itemType.RawType == typeof(bool) ? DataKind.Boolean
        : itemType.RawType == typeof(ReadOnlyMemory<char>) ? DataKind.String
        : itemType.RawType == typeof(double) ? DataKind.Double
        : DataKind.Single;
    columns.Add(new TextLoader.Column(column.Name, kind, index, index + size - 1));
    index += size;
}

var data = ml.Data.LoadFromTextFile(args[1], columns.ToArray(), separatorChar: ',', hasHeader: true);
var scored = model.Transform(data);
var scoreColumn = scored.Schema[args.Length == 3 ? args[2] : "Score"];
using var cursor = scored.GetRowCursor([scoreColumn]);
if (scoreColumn.Type is VectorDataViewType)
{
    var getter = cursor.GetGetter<VBuffer<float>>(scoreColumn);
    VBuffer<float> value = default;
    while (cursor.MoveNext())
    {
        getter(ref value);
        Console.WriteLine(string.Join(" ", value.DenseValues().Select(Bits)));
    }
}
else
{
    var getter = cursor.GetGetter<float>(scoreColumn);
    float value = 0;
    while (cursor.MoveNext())
    {
        getter(ref value);
        Console.WriteLine(Bits(value));
    }
}
foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name).Where(n => n!.StartsWith("MlNetNeural", StringComparison.Ordinal)).Order())
    Console.WriteLine("#assembly " + assembly);
return 0;

static string Bits(float value) => BitConverter.SingleToInt32Bits(value).ToString("x8", CultureInfo.InvariantCulture);
