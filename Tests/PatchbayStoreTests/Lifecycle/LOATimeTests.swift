import Foundation
import Patchbay
import Testing

/// `scheduledConstructionTime` is read strictly (FORMATS.md "Provisioning state"): a time that
/// does not exist is refused naming the field, never moved to another day.
@Suite struct LOATimeTests {
  /// Accepted forms, with the instant each one means (seconds since 1970, UTC).
  @Test(arguments: [
    ("2027-03-01T09:00:00Z", 1_803_891_600.0),
    ("2027-03-01T17:00:00+08:00", 1_803_891_600.0),
    ("2027-03-01T04:30:00-04:30", 1_803_891_600.0),
    ("2027-03-01T09:00:00.5Z", 1_803_891_600.5),
    ("2027-03-01T09:00:00.250000000Z", 1_803_891_600.25),
    ("2028-02-29T00:00:00Z", 1_835_395_200.0),
    ("2000-02-29T23:59:59Z", 951_868_799.0),
    ("1970-01-01T00:00:00Z", 0.0),
    ("2099-12-31T23:59:59Z", 4_102_444_799.0),
  ])
  func acceptedFormsMeanTheirInstant(_ text: String, _ seconds: Double) throws {
    let date = try #require(ISO8601Time.parse(text))
    #expect(abs(date.timeIntervalSince1970 - seconds) < 0.000_001)
  }

  /// Times that do not exist, and text that is not the form.
  @Test(arguments: [
    ("2099-02-30T10:00:00Z", "day 30"), ("2099-02-29T10:00:00Z", "day 29"),
    ("2100-02-29T10:00:00Z", "February 2100"), ("2099-04-31T10:00:00Z", "day 31"),
    ("2099-01-00T10:00:00Z", "day 0"), ("2099-13-01T10:00:00Z", "month 13"),
    ("2099-00-01T10:00:00Z", "month 0"), ("2099-01-01T24:00:00Z", "hour 24"),
    ("2099-01-01T23:60:00Z", "minute 60"), ("2099-12-31T23:59:60Z", "second 60"),
    ("2099-01-01T10:00:00+24:00", "time zone offset"), ("0000-01-01T10:00:00Z", "year 0"),
    ("2099-01-01T10:00:00", "ISO 8601"), ("2099-01-01 10:00:00Z", "ISO 8601"),
    ("2099-1-01T10:00:00Z", "ISO 8601"), ("2099-01-01T10:00:00.Z", "ISO 8601"),
    ("2099-01-01T10:00:00.1234567890Z", "ISO 8601"), ("2099-01-01T10:00:00Zjunk", "ISO 8601"),
    ("", "must not be empty"), ("next Tuesday", "ISO 8601"),
  ])
  func anImpossibleTimeIsRefusedNamingTheField(_ text: String, _ mention: String) {
    #expect(ISO8601Time.parse(text) == nil)
    let loa = """
      {"companyName": "C", "constructionCompany": "I", "constructionType": "FIBRE",
       "scheduledConstructionTime": "\(text)",
       "fieldEngineers": [{"name": "L", "contact": "1", "certificateType": "IDCard",
                           "certificateNumber": "3"}]}
      """
    #expect {
      _ = try LOADecoder.decode(Array(loa.utf8), file: "loa.json")
    } throws: { error in
      guard let error = error as? LifecycleError, error.kind == .invalidLOA else { return false }
      let problems = error.problems
      return problems.count == 1 && problems[0].place == "scheduledConstructionTime"
        && problems[0].message.contains(mention)
    }
  }

  /// What the store writes reads back as the same instant.
  @Test func formattedTimesReadBack() throws {
    for seconds in [0.0, 1_803_891_600, 4_102_444_799, 951_868_799] {
      let date = Date(timeIntervalSince1970: seconds)
      #expect(ISO8601Time.parse(ISO8601Time.format(date)) == date)
    }
  }
}
