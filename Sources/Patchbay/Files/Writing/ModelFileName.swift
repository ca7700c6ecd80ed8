/// The file names of exported models (`allocate --export-model DIR`), made safe from access
/// point ids, which may hold anything (docs/FILES.md, "Model files"): every byte outside
/// `A-Z a-z 0-9 . _ -` is written `%XX` (its UTF-8 bytes in upper-case hexadecimal), and so is a
/// leading `.`, so a name is never a path (`../x` is `%2E.%2Fx`, `a/b` is `a%2Fb`), never hidden,
/// and two ids never share a name. A name longer than 200 bytes is cut there and ends with `~`
/// and 16 hexadecimal digits of a hash of the whole id, to stay within the 255 bytes of a name.
package enum ModelFileName {
  package static let longest = 200

  /// `ID.STAGE.lp`, with the id made safe.
  package static func lp(accessPoint id: String, stage: String) -> String {
    "\(safe(id)).\(stage).lp"
  }

  package static func safe(_ id: String) -> String {
    var name = ""
    for (index, byte) in id.utf8.enumerated() {
      let kept =
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F || byte == 0x2D
        || (byte == 0x2E && index > 0)
      if kept {
        name.unicodeScalars.append(Unicode.Scalar(byte))
      } else {
        let hex = String(byte, radix: 16, uppercase: true)
        name += "%" + (hex.count == 1 ? "0" + hex : hex)
      }
    }
    guard name.utf8.count > longest else { return name }
    // Cut where no %XX is split: every character is ASCII, so bytes and characters agree.
    var cut = longest - 17
    let characters = Array(name.utf8)
    if characters[cut - 1] == 0x25 {
      cut -= 1
    } else if characters[cut - 2] == 0x25 {
      cut -= 2
    }
    let hash = String(fnv1a(id), radix: 16)
    return String(decoding: characters[..<cut], as: UTF8.self) + "~"
      + String(repeating: "0", count: 16 - hash.count) + hash
  }

  /// FNV-1a, 64 bits: stable from run to run and machine to machine, unlike `Hasher`.
  private static func fnv1a(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }
    return hash
  }
}
