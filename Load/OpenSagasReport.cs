namespace TemporalSagas.Load;

/// <summary>What <c>load --open N</c> measured: the memory of N sagas kept open at once, then whether they all closed.</summary>
/// <param name="OpenSagas">Sagas that were waiting (answered) when the memory was read.</param>
/// <param name="OpenSeconds">From the first start to the last saga waiting.</param>
/// <param name="WorkingSetMbBefore">This process's working set after a full GC, before the N sagas were opened (after a
/// warm-up of a few sagas opened and released).</param>
/// <param name="WorkingSetMbWithOpenSagas">This process's working set after a full GC with every saga open.</param>
/// <param name="ManagedHeapMb">The managed heap after that GC, with every saga open.</param>
/// <param name="KbPerOpenSaga">(working set with them − before) ÷ open sagas.</param>
/// <param name="DevServerRssMb">The dev server child's resident set with every saga open; null when this run did not start it.</param>
/// <param name="Released">Sagas released that then closed as released (Compensated with the release's error type).</param>
/// <param name="Errors">Sagas that did not open or close as planned, by what happened ("open: …", "release: …").</param>
/// <param name="MemoryNote">Whose memory the figures are: the worker's (in process) or the client's only.</param>
public sealed record OpenSagasReport(
    string Mode,
    string Saga,
    int Requested,
    int Concurrency,
    int Warmup,
    string Server,
    string Worker,
    int OpenSagas,
    double OpenSeconds,
    double WorkingSetMbBefore,
    double WorkingSetMbWithOpenSagas,
    double ManagedHeapMbBefore,
    double ManagedHeapMb,
    double? KbPerOpenSaga,
    double? DevServerRssMb,
    int Released,
    double ReleaseSeconds,
    IReadOnlyDictionary<string, int> Errors,
    string MemoryNote,
    int Cores,
    double? LoadAverage)
{
    public bool Ok => OpenSagas == Requested && Released == Requested && Errors.Count == 0;
}
