/// Maximum flow on a small graph (Edmonds–Karp on an adjacency matrix), for the two matchings
/// the expansion needs: requests of each type to port pools on one device, and the members of
/// identical redundant pairs to devices. Graphs here have tens of nodes; determinism matters
/// more than speed, and breadth-first search in index order gives the same flow every time.
struct SmallMaxFlow {
  private(set) var capacity: [[Int]]
  private(set) var flow: [[Int]]
  let nodeCount: Int

  init(nodes: Int) {
    nodeCount = nodes
    capacity = Array(repeating: Array(repeating: 0, count: nodes), count: nodes)
    flow = capacity
  }

  mutating func addEdge(from: Int, to: Int, capacity value: Int) {
    capacity[from][to] += value
  }

  /// Pushes as much as possible from `source` to `sink`; returns the total.
  mutating func run(from source: Int, to sink: Int) -> Int {
    var total = 0
    while true {
      var previous = [Int](repeating: -1, count: nodeCount)
      previous[source] = source
      var queue = [source]
      var head = 0
      while head < queue.count && previous[sink] < 0 {
        let node = queue[head]
        head += 1
        for next in 0..<nodeCount
        where previous[next] < 0 && capacity[node][next] - flow[node][next] > 0 {
          previous[next] = node
          queue.append(next)
        }
      }
      guard previous[sink] >= 0 else { return total }
      var bottleneck = Int.max
      var node = sink
      while node != source {
        let from = previous[node]
        bottleneck = min(bottleneck, capacity[from][node] - flow[from][node])
        node = from
      }
      node = sink
      while node != source {
        let from = previous[node]
        flow[from][node] += bottleneck
        flow[node][from] -= bottleneck
        node = from
      }
      total += bottleneck
    }
  }

  /// Net flow on the edge `from` -> `to`.
  func flow(from: Int, to: Int) -> Int { max(0, flow[from][to]) }
}
