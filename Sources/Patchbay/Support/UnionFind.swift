/// Disjoint sets over `0..<count` with path halving. The smaller index becomes the root, so a
/// set's root is its first member: groups come out in batch order without sorting.
struct UnionFind {
  private var parent: [Int]

  init(count: Int) { parent = Array(0..<count) }

  mutating func root(_ node: Int) -> Int {
    var node = node
    while parent[node] != node {
      parent[node] = parent[parent[node]]
      node = parent[node]
    }
    return node
  }

  mutating func union(_ a: Int, _ b: Int) {
    let (first, second) = (root(a), root(b))
    if first != second { parent[max(first, second)] = min(first, second) }
  }
}
