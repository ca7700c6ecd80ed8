/// How a field engineer's certificate number appears on the Letter of Authorization document:
/// enough for the data centre's guard to match the document in the engineer's hand, never
/// enough to copy the number.
///
/// The rule: of a number of `n` characters, the last `min(4, n / 3)` stay as they are and every
/// other character becomes `*`, so the length shows and at most a third of the number, and never
/// more than 4 characters, can be read. A number of 1 or 2 characters is all stars. An 18-digit
/// identity card number `330100199001010000` shows as `**************0000`.
public enum CertificateMask {
  /// The most characters a masked number shows.
  public static let maxVisible = 4
  /// What stands for a hidden character.
  public static let hidden: Character = "*"

  /// How many trailing characters of a number of `length` characters stay readable.
  public static func visibleCount(length: Int) -> Int {
    min(maxVisible, max(0, length) / 3)
  }

  /// `number` with all but its last ``visibleCount(length:)`` characters replaced by ``hidden``.
  public static func masked(_ number: String) -> String {
    let visible = visibleCount(length: number.count)
    return String(repeating: hidden, count: number.count - visible) + number.suffix(visible)
  }
}
