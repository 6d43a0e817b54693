import Foundation
import Testing

/// The RFC 4475 / RFC 5118 torture corpus, read in place from `../shared/torture` next to the repository
/// (it is not copied into the repo). Its README.md explains every file.
enum TortureCorpus {
    /// `<repo>/../shared/torture`, found from this file: `<repo>/Tests/SIPCoreTests/TortureCorpus.swift`.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Tests/SIPCoreTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // the repository root
        .appendingPathComponent("../shared/torture")
        .standardizedFileURL

    /// The scored folders: `rfcNNNN/{valid,invalid}`.
    static let validFolders = ["rfc4475/valid", "rfc5118/valid"]
    static let invalidFolders = ["rfc4475/invalid", "rfc5118/invalid"]

    /// Whether every scored folder is there.
    static var isAvailable: Bool {
        (validFolders + invalidFolders).allSatisfy { folder in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: root.appendingPathComponent(folder).path, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }
    }

    /// Why the torture tests are skipped when the corpus is absent (shown by `swift test`).
    static var missingReason: Comment {
        "torture corpus not found at \(root.path); it lives in ../shared/torture next to the repository (not copied into it)"
    }

    /// Every `*.sip` file of the valid folders, as `rfcNNNN/valid/NAME.sip`, sorted.
    static var validFiles: [String] { files(in: validFolders) }
    /// Every `*.sip` file of the invalid folders, as `rfcNNNN/invalid/NAME.sip`, sorted.
    static var invalidFiles: [String] { files(in: invalidFolders) }

    private static func files(in folders: [String]) -> [String] {
        folders.flatMap { folder in
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? []
            return names.filter { $0.hasSuffix(".sip") }.sorted().map { "\(folder)/\($0)" }
        }
    }

    /// The exact bytes of a corpus file, e.g. `bytes("rfc4475/valid/wsinv.sip")`.
    static func bytes(_ file: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(file)))
    }
}
