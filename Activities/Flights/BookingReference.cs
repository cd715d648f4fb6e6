using System.Security.Cryptography;

namespace TemporalSagas.Activities.Flights;

/// <summary>8-character references read over the phone: no 0/O or 1/I to confuse.</summary>
public static class BookingReference
{
    public const int Length = 8;
    public const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static string New() => new(RandomNumberGenerator.GetItems<char>(Alphabet, Length));

    public static bool IsValid(string? reference) =>
        reference is { Length: Length } && reference.All(c => Alphabet.Contains(c, StringComparison.Ordinal));
}
