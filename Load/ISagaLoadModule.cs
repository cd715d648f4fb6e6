namespace TemporalSagas.Load;

/// <summary>
/// One saga domain's side of <c>starter load --saga</c>: the saga kind it puts under load. Found by reflection
/// (<see cref="LoadSagaKinds"/>), so adding a saga touches no list in the load engine.
/// </summary>
public interface ISagaLoadModule
{
    /// <summary>Where the kind stands in <c>--saga</c>'s list and the help text; the first is the default kind.</summary>
    int Position { get; }

    LoadSagaKind Kind { get; }
}
