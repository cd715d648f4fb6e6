using System.Reflection;
using Temporalio.Activities;
using TemporalSagas.Activities;
using TemporalSagas.Activities.Appointments;

namespace TemporalSagas.Tests.Activities.Appointments;

public class ActivityNameTests
{
    // Activity names are global on the task queue: a duplicate stops the whole worker at start.
    [Fact]
    public void ActivityTypes_OfEveryModule_HaveUniqueActivityNames()
    {
        var names = SagaModules.ActivityTypes
            .SelectMany(t => t.GetMethods())
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<ActivityAttribute>()))
            .Where(m => m.Attribute is not null)
            .Select(m => m.Attribute!.Name ?? (m.Method.Name.EndsWith("Async", StringComparison.Ordinal) ? m.Method.Name[..^5] : m.Method.Name))
            .ToList();

        names.Should().OnlyHaveUniqueItems();
        names.Should().Contain(["CreateCalendarBooking", "CancelCalendarBooking", "ApplySync"]);
        SagaModules.All.Should().ContainSingle(m => m is AppointmentsModule);
    }
}
