// Compiled by MSBuild's RoslynCodeTaskFactory from eng/TorchSharpNativeFix.targets; see there for why.
// Not part of any project: it only uses what that factory references (netstandard + MSBuild).
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Marks the GLIBCXX_3.4.32 requirement of libLibTorchSharp.so copies weak, when the host's libstdc++
/// lacks that version. Idempotent; never writes through a hard link.
/// </summary>
public sealed class MlNetNeuralWeakenGlibcxx332 : Task
{
    private const string Version = "GLIBCXX_3.4.32";
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    /// <summary>The copies of libLibTorchSharp.so in an output folder.</summary>
    [Required]
    public ITaskItem[] Libraries { get; set; } = Array.Empty<ITaskItem>();

    public override bool Execute()
    {
        string hostLibrary = FindHostLibStdCxx();
        if (hostLibrary == null)
        {
            Log.LogMessage(MessageImportance.Low, "TorchSharp native fix: no libstdc++.so.6 found on this host; nothing to do.");
            return true;
        }

        if (Contains(File.ReadAllBytes(hostLibrary), Encoding.ASCII.GetBytes(Version + "\0")))
        {
            Log.LogMessage(MessageImportance.Low, $"TorchSharp native fix: {hostLibrary} provides {Version}; nothing to do.");
            return true;
        }

        foreach (ITaskItem item in Libraries)
        {
            string path = item.GetMetadata("FullPath");
            try
            {
                Patch(path, hostLibrary);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                Log.LogError($"TorchSharp native fix: could not patch {path}: {e.Message}");
            }
        }

        return !Log.HasLoggedErrors;
    }

    private void Patch(string path, string hostLibrary)
    {
        byte[] elf = File.ReadAllBytes(path);
        int flagsOffset = FindVernauxFlags(elf, Version, out string problem);
        if (flagsOffset < 0)
        {
            Log.LogMessage(MessageImportance.Low, $"TorchSharp native fix: {path}: {problem}; left unchanged.");
            return;
        }

        ushort flags = BitConverter.ToUInt16(elf, flagsOffset);
        if ((flags & VerFlgWeak) != 0)
        {
            Log.LogMessage(MessageImportance.Low, $"TorchSharp native fix: {path} already has a weak {Version} requirement.");
            return;
        }

        flags |= VerFlgWeak;
        elf[flagsOffset] = (byte)flags;
        elf[flagsOffset + 1] = (byte)(flags >> 8);

        // Write beside the copy and rename over it: the copy may be a hard link into the package
        // cache, which must never change. File.Copy keeps the file mode (the execute bits).
        DateTime stamp = File.GetLastWriteTimeUtc(path);
        string temporary = path + ".mlnetneural-patch";
        File.Copy(path, temporary, overwrite: true);
        using (var stream = new FileStream(temporary, FileMode.Open, FileAccess.Write))
        {
            stream.Write(elf, 0, elf.Length);
        }

        File.Delete(path);
        File.Move(temporary, path);
        File.SetLastWriteTimeUtc(path, stamp);
        Log.LogMessage(MessageImportance.High,
            $"TorchSharp native fix: {hostLibrary} lacks {Version}; marked that requirement weak in {path}.");
    }

    /// <summary>File offset of vna_flags of the named Vernaux entry in .gnu.version_r, or -1 with the reason.</summary>
    private static int FindVernauxFlags(byte[] elf, string name, out string problem)
    {
        problem = null;
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
        {
            problem = "not an ELF file";
            return -1;
        }

        if (elf[4] != 2 || elf[5] != 1)
        {
            problem = "not a 64-bit little-endian ELF file";
            return -1;
        }

        long sectionTable = BitConverter.ToInt64(elf, 0x28);
        int entrySize = BitConverter.ToUInt16(elf, 0x3A);
        int sectionCount = BitConverter.ToUInt16(elf, 0x3C);
        for (int s = 0; s < sectionCount; s++)
        {
            int header = checked((int)(sectionTable + (long)s * entrySize));
            if (BitConverter.ToUInt32(elf, header + 4) != ShtGnuVerneed)
            {
                continue;
            }

            int offset = checked((int)BitConverter.ToInt64(elf, header + 0x18));
            int link = (int)BitConverter.ToUInt32(elf, header + 0x28);
            int needCount = (int)BitConverter.ToUInt32(elf, header + 0x2C);
            int strings = checked((int)BitConverter.ToInt64(elf, checked((int)(sectionTable + (long)link * entrySize)) + 0x18));

            int need = offset;
            for (int n = 0; n < needCount; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, need + 2);
                int aux = need + (int)BitConverter.ToUInt32(elf, need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    int nameOffset = strings + (int)BitConverter.ToUInt32(elf, aux + 8);
                    if (NameAt(elf, nameOffset) == name)
                    {
                        return aux + 4;
                    }

                    aux += (int)BitConverter.ToUInt32(elf, aux + 12);
                }

                need += (int)BitConverter.ToUInt32(elf, need + 12);
            }

            problem = $"no {name} requirement";
            return -1;
        }

        problem = "no .gnu.version_r section";
        return -1;
    }

    private static string NameAt(byte[] elf, int offset)
    {
        int end = offset;
        while (end < elf.Length && elf[end] != 0)
        {
            end++;
        }

        return Encoding.ASCII.GetString(elf, offset, end - offset);
    }

    private static bool Contains(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j])
            {
                j++;
            }

            if (j == needle.Length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The libstdc++.so.6 the dynamic loader would most likely pick, or null.</summary>
    private static string FindHostLibStdCxx()
    {
        var candidates = new List<string>();
        string libraryPath = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
        if (!string.IsNullOrEmpty(libraryPath))
        {
            foreach (string folder in libraryPath.Split(':'))
            {
                if (folder.Length > 0)
                {
                    candidates.Add(Path.Combine(folder, "libstdc++.so.6"));
                }
            }
        }

        candidates.AddRange(FromLdconfigCache());
        foreach (string folder in new[] { "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib64", "/usr/local/lib" })
        {
            candidates.Add(Path.Combine(folder, "libstdc++.so.6"));
        }

        foreach (string candidate in candidates)
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static IEnumerable<string> FromLdconfigCache()
    {
        var found = new List<string>();
        foreach (string ldconfig in new[] { "/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig" })
        {
            try
            {
                var start = new ProcessStartInfo(ldconfig, "-p") { RedirectStandardOutput = true, UseShellExecute = false };
                using (Process process = Process.Start(start))
                {
                    string output = process.StandardOutput.ReadToEnd();
                    process.WaitForExit();
                    foreach (string line in output.Split('\n'))
                    {
                        int arrow = line.IndexOf("=>", StringComparison.Ordinal);
                        bool x64 = line.Contains("x86-64") || line.Contains("AArch64");
                        if (arrow > 0 && x64 && line.TrimStart().StartsWith("libstdc++.so.6 ", StringComparison.Ordinal))
                        {
                            found.Add(line.Substring(arrow + 2).Trim());
                        }
                    }
                }

                return found;
            }
            catch (Exception)
            {
                // Not there or not runnable: try the next name, then fall back to the usual folders.
            }
        }

        return found;
    }
}
