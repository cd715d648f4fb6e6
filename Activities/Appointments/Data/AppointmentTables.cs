using Microsoft.EntityFrameworkCore;
using TemporalSagas.Activities.Data;

namespace TemporalSagas.Activities.Appointments.Data;

/// <summary>The appointment domain's tables in the shared <see cref="SagasDbContext"/>.</summary>
public static class AppointmentTables
{
    public static DbSet<Customer> Customers(this SagasDbContext db) => db.Set<Customer>();

    public static DbSet<Staff> Staff(this SagasDbContext db) => db.Set<Staff>();

    public static DbSet<Appointment> Appointments(this SagasDbContext db) => db.Set<Appointment>();

    public static DbSet<AppointmentSegment> AppointmentSegments(this SagasDbContext db) => db.Set<AppointmentSegment>();

    public static DbSet<AppointmentAudit> AppointmentAudit(this SagasDbContext db) => db.Set<AppointmentAudit>();
}
