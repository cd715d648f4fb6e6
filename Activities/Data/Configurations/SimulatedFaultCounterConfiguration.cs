using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TemporalSagas.Activities.Data.Entities;

namespace TemporalSagas.Activities.Data.Configurations;

internal sealed class SimulatedFaultCounterConfiguration : IEntityTypeConfiguration<SimulatedFaultCounter>
{
    public void Configure(EntityTypeBuilder<SimulatedFaultCounter> builder)
    {
        builder.ToTable("simulated_fault_counters");
        builder.HasKey(c => c.Key);
    }
}
