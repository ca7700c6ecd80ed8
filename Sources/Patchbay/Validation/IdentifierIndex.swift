/// Positions of ids (or port names) in an array that holds them, found by their exact UTF-8
/// bytes, as ``Identifier``'s `==` compares them: the index of a million connection or request
/// ids without a Swift `Dictionary`.
///
/// A dictionary of ids hashes each key with SipHash and stores the key (16 bytes) beside its
/// value, so a table of a million ids is tens of megabytes and every probe misses the cache.
/// Here a slot is 8 bytes, the top half of the key's hash beside its position: a probe compares
/// the stored half before it looks at a key, so a lookup that misses (most of a batch's ids are
/// no connection's) usually reads one slot and no key. The hash is a multiply-and-shift over
/// eight bytes at a time, seeded per process like Swift's own (`SWIFT_DETERMINISTIC_HASHING`
/// fixes it, for the instruction-count gate); no order depends on it.
///
/// The keys stay in the caller's array: every operation that may compare keys takes `key(at:)`,
/// which returns the key at a position that the index holds.
package struct IdentifierIndex: Sendable {
  /// `0` for an empty slot, else the hash's top 32 bits above the position plus one.
  private var slots: [UInt64] = []
  /// The number of positions held.
  package private(set) var count = 0
  private let seed = IdentifierIndex.processSeed

  /// Swift's per-process hash seed, drawn once.
  private static let processSeed: UInt64 = {
    var hasher = Hasher()
    hasher.combine(0x1D_1DE7)
    return UInt64(UInt(bitPattern: hasher.finalize()))
  }()

  /// An index with room for `capacity` positions before it grows; an empty one allocates
  /// nothing.
  package init(capacity: Int = 0) {
    if capacity > 0 { slots = [UInt64](repeating: 0, count: Self.slotCount(for: capacity)) }
  }

  /// The positions `0..<count` of the keys `key(at:)` gives, each key at its first position.
  package init(count: Int, key keyAt: (Int) -> String) {
    self.init(capacity: count)
    for position in 0..<count { insert(keyAt(position), at: position, key: keyAt) }
  }

  /// Room for `count` positions at most half full: linear probing stays short.
  private static func slotCount(for count: Int) -> Int {
    var slots = 16
    while slots < 2 * count { slots *= 2 }
    return slots
  }

  /// The position held for `key`, if any.
  @inline(__always)
  package func position(of key: String, key keyAt: (Int) -> String) -> Int? {
    guard !slots.isEmpty else { return nil }
    return probe(tag: Self.tag(of: hash(key))) { ExactText.equal(keyAt($0), key) }
  }

  /// The position held for the key whose UTF-8 is `bytes`, if any: a reader looks a string of
  /// its file up without making a `String` of it first.
  package func position(ofUTF8 bytes: UnsafeBufferPointer<UInt8>, key keyAt: (Int) -> String)
    -> Int?
  {
    guard !slots.isEmpty else { return nil }
    return probe(tag: Self.tag(of: Self.hash(bytes, seed: seed))) { position in
      var held = keyAt(position)
      return held.withUTF8 { held in
        guard held.count == bytes.count else { return false }
        var offset = 0
        while offset < held.count {
          if held[offset] != bytes[offset] { return false }
          offset += 1
        }
        return true
      }
    }
  }

  /// Linear probing from `tag`'s slot: the first position whose tag matches and whose key
  /// `isKey` accepts, or `nil` at the first empty slot. The one loop both lookups share.
  @inline(__always)
  private func probe(tag: UInt64, isKey: (Int) -> Bool) -> Int? {
    slots.withUnsafeBufferPointer { slots in
      let mask = slots.count - 1
      var slot = Int(truncatingIfNeeded: tag) & mask
      while true {
        let entry = slots[slot]
        if entry == 0 { return nil }
        if entry >> 32 == tag {
          let position = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
          if isKey(position) { return position }
        }
        slot = (slot + 1) & mask
      }
    }
  }

  /// Holds `position` for `key` unless the index has the key already: then returns the
  /// position held (the first, as `updateValue` and a put back would keep it) and changes
  /// nothing.
  @discardableResult
  package mutating func insert(_ key: String, at position: Int, key keyAt: (Int) -> String)
    -> Int?
  {
    precondition(position >= 0 && position < 0xFFFF_FFFF, "an index holds 2^32 - 1 positions")
    if 2 * (count + 1) > slots.count { grow() }
    let tag = Self.tag(of: hash(key))
    let found: Int? = slots.withUnsafeMutableBufferPointer { slots in
      let mask = slots.count - 1
      var slot = Int(truncatingIfNeeded: tag) & mask
      while true {
        let entry = slots[slot]
        if entry == 0 {
          slots[slot] = tag << 32 | UInt64(position + 1)
          return nil
        }
        if entry >> 32 == tag {
          let held = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
          if ExactText.equal(keyAt(held), key) { return held }
        }
        slot = (slot + 1) & mask
      }
    }
    if found == nil { count += 1 }
    return found
  }

  /// Holds `position` for `key`, in place of the position held for it before, if any.
  package mutating func set(_ key: String, to position: Int, key keyAt: (Int) -> String) {
    precondition(position >= 0 && position < 0xFFFF_FFFF, "an index holds 2^32 - 1 positions")
    if 2 * (count + 1) > slots.count { grow() }
    let tag = Self.tag(of: hash(key))
    let added: Bool = slots.withUnsafeMutableBufferPointer { slots in
      let mask = slots.count - 1
      var slot = Int(truncatingIfNeeded: tag) & mask
      while true {
        let entry = slots[slot]
        if entry == 0
          || entry >> 32 == tag
            && ExactText.equal(keyAt(Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1), key)
        {
          slots[slot] = tag << 32 | UInt64(position + 1)
          return entry == 0
        }
        slot = (slot + 1) & mask
      }
    }
    if added { count += 1 }
  }

  /// Reserves room for `capacity` positions.
  package mutating func reserveCapacity(_ capacity: Int) {
    if 2 * capacity > slots.count { rehash(into: Self.slotCount(for: capacity)) }
  }

  private mutating func grow() {
    rehash(into: slots.isEmpty ? 16 : 2 * slots.count)
  }

  /// The slot is found from the stored half of the hash, so growing needs no key.
  private mutating func rehash(into slotCount: Int) {
    var new = [UInt64](repeating: 0, count: slotCount)
    let mask = slotCount - 1
    new.withUnsafeMutableBufferPointer { new in
      for entry in slots where entry != 0 {
        var slot = Int(truncatingIfNeeded: entry >> 32) & mask
        while new[slot] != 0 { slot = (slot + 1) & mask }
        new[slot] = entry
      }
    }
    slots = new
  }

  /// The top 32 bits, which the slot holds and its place comes from.
  @inline(__always)
  private static func tag(of hash: UInt64) -> UInt64 { hash >> 32 }

  /// The key's hash: its UTF-8 bytes, eight at a time.
  @inline(__always)
  private func hash(_ key: String) -> UInt64 {
    if let hash = key.utf8.withContiguousStorageIfAvailable({ Self.hash($0, seed: seed) }) {
      return hash
    }
    return Array(key.utf8).withUnsafeBufferPointer { Self.hash($0, seed: seed) }
  }

  /// Each 8-byte word is mixed in by a multiply and a shift, and the length first, so that
  /// keys of different lengths part at once; a final mix spreads every bit into the top half.
  /// Without the seed, which never leaves the process, no input can be made to collide on
  /// purpose more than by chance.
  @inline(__always)
  static func hash(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64) -> UInt64 {
    let multiplier: UInt64 = 0xBF58_476D_1CE4_E5B9
    var hash = seed ^ (UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15)
    guard let base = bytes.baseAddress else { return finalMix(hash) }
    let raw = UnsafeRawPointer(base)
    var offset = 0
    let count = bytes.count
    while offset + 8 <= count {
      let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
      hash = (hash ^ word) &* multiplier
      hash ^= hash >> 31
      offset += 8
    }
    if offset < count {
      var word: UInt64 = 0
      var shift: UInt64 = 0
      while offset < count {
        word |= UInt64(base[offset]) << shift
        shift += 8
        offset += 1
      }
      hash = (hash ^ word) &* multiplier
      hash ^= hash >> 31
    }
    return finalMix(hash)
  }

  @inline(__always)
  private static func finalMix(_ value: UInt64) -> UInt64 {
    var hash = value
    hash ^= hash >> 33
    hash &*= 0xFF51_AFD7_ED55_8CCD
    hash ^= hash >> 33
    hash &*= 0xC4CE_B9FE_1A85_EC53
    hash ^= hash >> 33
    return hash
  }
}
