namespace Orchestrator.Core.Planning;

/// <summary>
/// Finds one dependency cycle in a plan with an explicit stack (depth-first, as deep as the plan is long, never on
/// the call stack).
/// </summary>
internal static class DependencyCycleFinder
{
    private const int OnPath = 1;
    private const int Done = 2;

    /// <summary>The chunk ids of a cycle in "runs before" order (c1 -> c2 -> c1), or null when the plan is acyclic.</summary>
    public static List<string>? Find(IReadOnlyList<PlannedChunk> chunks)
    {
        var byId = chunks.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        var stack = new Stack<(string Id, int Next)>();
        foreach (var start in chunks)
        {
            if (state.GetValueOrDefault(start.Id) != 0)
            {
                continue;
            }

            Enter(start.Id);
            while (stack.Count > 0)
            {
                var (id, next) = stack.Pop();
                var dependencies = byId[id].Dependencies;
                if (next >= dependencies.Count)
                {
                    path.RemoveAt(path.Count - 1);
                    state[id] = Done;
                    continue;
                }

                stack.Push((id, next + 1));
                var dependency = dependencies[next];
                if (!byId.ContainsKey(dependency))
                {
                    continue;
                }

                switch (state.GetValueOrDefault(dependency))
                {
                    case OnPath:
                        var cycle = path.Skip(path.IndexOf(dependency)).ToList();
                        cycle.Add(dependency);

                        // Printed in "runs before" order (c1 -> c3 means c3 depends on c1) reads like the plan.
                        cycle.Reverse();
                        return cycle;
                    case 0:
                        Enter(dependency);
                        break;
                }
            }
        }

        return null;

        void Enter(string id)
        {
            state[id] = OnPath;
            path.Add(id);
            stack.Push((id, 0));
        }
    }
}
