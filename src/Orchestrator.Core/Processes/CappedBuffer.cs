using System.Text;

namespace Orchestrator.Core.Processes;

/// <summary>A thread-safe line buffer that stops growing at a limit, so a chatty child cannot exhaust memory.</summary>
internal sealed class CappedBuffer(int maxChars)
{
    private readonly StringBuilder builder = new();
    private bool truncated;

    public void AppendLine(string line)
    {
        lock (builder)
        {
            if (builder.Length + line.Length + 1 > maxChars)
            {
                truncated = true;
                return;
            }

            builder.Append(line).Append('\n');
        }
    }

    public override string ToString()
    {
        lock (builder)
        {
            return truncated ? builder + "[output truncated]\n" : builder.ToString();
        }
    }
}
