namespace TemporalSagas.Load.Dirty;

/// <summary>
/// One domain's dirty scenarios (<c>starter load --scenario NAME</c>). Found by reflection
/// (<see cref="DirtyScenarioCatalog"/>), so adding a scenario touches no list in the engine.
/// </summary>
public interface IDirtyScenarioModule
{
    IEnumerable<DirtyScenario> Scenarios { get; }
}
