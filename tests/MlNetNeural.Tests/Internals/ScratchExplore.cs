using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Perceptron;
using MlNetNeural.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MlNetNeural.Tests.Internals;

public sealed class ScratchExplore(ITestOutputHelper output)
{
    [Fact]
    public void Explore()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.FromRows(ml, [[0f, 0f], [1f, 1f], [0f, 1f]], [false, true, false]);
        var model = ml.BinaryClassification.Trainers.Perceptron().Fit(data);
        using var temp = new TempDirectory();
        var path = temp.File("m.zip");
        ml.Model.Save(model, data.Schema, path);
        using (var zip = ZipFile.OpenRead(path))
            foreach (var e in zip.Entries) output.WriteLine($"{e.FullName} {e.Length}");
        // flip signature
        var bytes = File.ReadAllBytes(path);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            var e = zip.GetEntry("Model/Model.key") ?? zip.Entries.First(x => x.FullName.EndsWith("Model.key"));
            byte[] b;
            using (var s = e.Open()) { var ms = new MemoryStream(); s.CopyTo(ms); b = ms.ToArray(); }
            output.WriteLine(e.FullName + " " + System.Text.Encoding.ASCII.GetString(b, 0x50, 24));
            BitConverter.GetBytes(5000).CopyTo(b, 0x104);
            e.Delete();
            var n = zip.CreateEntry(e.FullName);
            using var w = n.Open(); w.Write(b);
        }
        try { ml.Model.Load(path, out _); output.WriteLine("loaded!"); }
        catch (Exception ex) { for (var x = ex; x != null; x = x.InnerException) output.WriteLine(x.GetType() + ": " + x.Message); }
        File.WriteAllBytes(path, bytes);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            var e = zip.GetEntry("TransformerChain/Model/Model.key")!;
            byte[] b;
            using (var s = e.Open()) { var ms = new MemoryStream(); s.CopyTo(ms); b = ms.ToArray(); }
            e.Delete();
            var n = zip.CreateEntry(e.FullName);
            using var w = n.Open(); w.Write(b, 0, 0x10A);
        }
        try { ml.Model.Load(path, out _); output.WriteLine("loaded!"); }
        catch (Exception ex) { for (var x = ex; x != null; x = x.InnerException) output.WriteLine(x.GetType() + ": " + x.Message); }

        var scoreData = Datasets.FromRows(ml, [[0f, 0f, 1f]], [false]);
        try { Scores.Read(model.Transform(scoreData)); output.WriteLine("scored!"); }
        catch (Exception ex) { output.WriteLine(ex.ToString()); }
    }
}
