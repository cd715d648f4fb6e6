using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TemporalSagas.Activities.Appointments.Data.Configurations;

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.ToTable("customers");
        builder.HasKey(c => c.Id);
        builder.HasIndex(c => c.Email).IsUnique();
    }
}

internal sealed class StaffConfiguration : IEntityTypeConfiguration<Staff>
{
    public void Configure(EntityTypeBuilder<Staff> builder)
    {
        builder.ToTable("staff");
        builder.HasKey(s => s.Id);
        builder.HasIndex(s => s.CalcomHostId).IsUnique();
    }
}

internal sealed class AppointmentConfiguration : IEntityTypeConfiguration<Appointment>
{
    public void Configure(EntityTypeBuilder<Appointment> builder)
    {
        builder.ToTable("appointments", t =>
        {
            t.HasCheckConstraint("ck_appointments_status", "status IN ('pending','scheduled','confirmed','completed','cancelled','rescheduled')");
            t.HasCheckConstraint("ck_appointments_sync_status", "calcom_sync_status IN ('pending','synced','error','manual_review_required')");
        });
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Status).HasMaxLength(16);
        builder.Property(a => a.CalcomSyncStatus).HasMaxLength(32);
        builder.HasIndex(a => a.IdempotencyKey).IsUnique();
        builder.HasIndex(a => a.CalcomBookingUid);
        builder.HasIndex(a => a.CustomerId);
    }
}

internal sealed class AppointmentSegmentConfiguration : IEntityTypeConfiguration<AppointmentSegment>
{
    public void Configure(EntityTypeBuilder<AppointmentSegment> builder)
    {
        builder.ToTable("appointment_segments");
        builder.HasKey(s => s.Id);
        builder.HasIndex(s => new { s.AppointmentId, s.Position }).IsUnique();
        builder.HasIndex(s => s.CalcomBookingUid);
    }
}

internal sealed class AppointmentAuditConfiguration : IEntityTypeConfiguration<AppointmentAudit>
{
    public void Configure(EntityTypeBuilder<AppointmentAudit> builder)
    {
        builder.ToTable("appointment_audit");
        builder.HasKey(a => a.Id);
        builder.HasIndex(a => a.AppointmentId);
        builder.HasIndex(a => a.IdempotencyKey).IsUnique();
    }
}
