import Patchbay

/// Where a synthetic data centre's access points and devices stand: an address per access point
/// and a cabinet per device, for the Letter of Authorization. Drawn from a stream of their own
/// (the seed's), so that adding them left every port, connection and request of a seed as it
/// was.
struct SyntheticPlaces {
  private var random: SeededGenerator

  init(seed: UInt64) {
    // A different stream from the inventory's and the requests' for the same seed.
    random = SeededGenerator(seed: seed ^ 0x5A17_C0DE_CAB1_7E75)
  }

  private static let cities: [(city: String, province: String, districts: [String])] = [
    ("Hangzhou", "Zhejiang", ["Yuhang", "Xiaoshan", "Binjiang", "Xihu"]),
    ("Beijing", "Beijing", ["Fengtai", "Yizhuang", "Haidian", "Chaoyang"]),
    ("Shanghai", "Shanghai", ["Jiading", "Pudong", "Baoshan", "Minhang"]),
    ("Qingdao", "Shandong", ["Laoshan", "Huangdao", "Chengyang"]),
    ("Shenzhen", "Guangdong", ["Nanshan", "Longgang", "Bao'an"]),
    ("Zhangjiakou", "Hebei", ["Zhangbei", "Huailai"]),
    ("Hohhot", "Inner Mongolia", ["Horinger", "Saihan"]),
    ("Chengdu", "Sichuan", ["Shuangliu", "Pidu", "Gaoxin"]),
  ]
  private static let streets = [
    "Wenyi West", "Keji", "Chuangxin", "Xingye", "Jiangnan", "Gaoxin", "Yungu", "Zhihui",
    "Shuguang", "Huaxing", "Boxing", "Jinqiao", "Kexue", "Xueyuan", "Hangtian",
  ]
  private static let parks = [
    "Cloud Computing Industrial Park", "Science and Technology Park", "Data Centre Campus",
    "Information Port", "Digital Economy Park",
  ]

  /// An address such as `Building 3, No. 1288 Wenyi West Road, Cloud Computing Industrial Park,
  /// Yuhang District, Hangzhou, Zhejiang, China`; the region's number picks the city, so the
  /// access points of one region are in one city.
  mutating func address(region: Int) -> String {
    let city = Self.cities[region % Self.cities.count]
    let district = city.districts[random.below(city.districts.count)]
    let street = Self.streets[random.below(Self.streets.count)]
    let park = Self.parks[random.below(Self.parks.count)]
    let province = city.province == city.city ? "" : ", \(city.province)"
    return "Building \(1 + random.below(12)), No. \(1 + random.below(2_999)) \(street) Road, "
      + "\(park), \(district) District, \(city.city)\(province), China"
  }

  /// The cabinets of an access point's `count` devices, such as `Room 2, row B, cabinet B07`:
  /// one room, each device in a row of its own (a row shares power and cooling, so redundant
  /// devices stand apart), the rows lettered from a random one on.
  mutating func cabinets(count: Int) -> [String] {
    let room = 1 + random.below(6)
    let firstRow = random.below(8)
    return (0..<count).map { index in
      let row = Self.rowName(firstRow + index)
      let cabinet = SyntheticDataCentre.padded(1 + random.below(24), 2)
      return "Room \(room), row \(row), cabinet \(row)\(cabinet)"
    }
  }

  /// `A`..`Z`, then `AA`, `AB`, ...: rows enough for a thousand devices.
  static func rowName(_ index: Int) -> String {
    let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return index < 26
      ? String(letters[index]) : "\(letters[(index / 26 - 1) % 26])\(letters[index % 26])"
  }
}
