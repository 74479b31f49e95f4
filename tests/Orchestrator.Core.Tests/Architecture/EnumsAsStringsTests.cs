using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orchestrator.Core.Build;
using Orchestrator.Core.Jobs;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Tests.Architecture;

/// <summary>
/// Before the native build, the chunk-plan settings (and the build's and the detached jobs' over them) wrote every enum
/// as its camelCase name through the non-generic converter. The generated metadata needs one converter per enum, so an
/// enum reachable from these contexts without one would silently turn into a number on disk: each one must still be a
/// string.
/// </summary>
public sealed class EnumsAsStringsTests
{
    public static TheoryData<string> Settings => ["chunk plans", "build", "jobs"];

    [Theory]
    [MemberData(nameof(Settings))]
    public void Every_enum_reachable_from_the_context_is_written_as_its_camelCase_name(string settings)
    {
        var (options, context) = settings switch
        {
            "chunk plans" => (ChunkPlanJson.Options, typeof(PlanningJsonContext)),
            "build" => (BuildJson.Options, typeof(BuildJsonContext)),
            _ => (JobJson.Options, typeof(JobJsonContext)),
        };
        var enums = Reachable(context.GetCustomAttributesData()
            .Where(a => a.AttributeType == typeof(JsonSerializableAttribute))
            .Select(a => (Type)a.ConstructorArguments[0].Value!)).Where(t => t.IsEnum).ToList();

        Assert.NotEmpty(enums);
        Assert.All(enums, e =>
        {
            var value = Enum.GetValues(e).GetValue(0)!;
            var json = JsonSerializer.Serialize(value, options.GetTypeInfo(e));
            Assert.True(json.StartsWith('"'), $"{e.Name} is written as {json}, not as its name");
            Assert.Equal(JsonNamingPolicy.CamelCase.ConvertName(value.ToString()!), json.Trim('"'));
        });
    }

    [Fact]
    public void A_job_file_keeps_the_shape_the_managed_build_wrote()
    {
        // As main wrote it before the native build (a close job's job.json).
        const string written = """{"jobId":"close-20261130-045651-de942b","sessionId":"s1","kind":"close","close":{"sessionId":"s1","commit":true,"push":false,"createIssues":true,"dryRun":false,"allowFailingGate":false},"phase":"close"}""";

        var job = JsonSerializer.Deserialize(written, JobJson.TypeInfo<JobRecord>());

        Assert.Equal(JobKind.Close, job!.Kind);
        Assert.Equal(written, JsonSerializer.Serialize(job, JobJson.TypeInfo<JobRecord>()));
    }

    private static HashSet<Type> Reachable(IEnumerable<Type> roots)
    {
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>(roots);
        while (pending.TryPop(out var type))
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (!seen.Add(type) || type.IsPrimitive || type == typeof(string) || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true && !type.IsGenericType && !type.IsArray)
            {
                continue;
            }

            foreach (var inner in type.IsArray ? [type.GetElementType()!] : type.IsGenericType ? type.GetGenericArguments() : [])
            {
                pending.Push(inner);
            }

            if (type.Namespace?.StartsWith("Orchestrator", StringComparison.Ordinal) == true && !type.IsEnum)
            {
                foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null))
                {
                    pending.Push(property.PropertyType);
                }
            }
        }

        return seen;
    }
}
